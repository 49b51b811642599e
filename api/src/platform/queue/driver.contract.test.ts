import { describe } from "vitest";
import { ENGINES } from "../../testing/databases.ts";
import { runBatchAndReleaseContract } from "./batch-release.contract.ts";
import { runQueueContract } from "./driver.contract.ts";
import { bullmqHarness, embeddedHarness } from "./driver.harness.ts";

// One contract, every driver: the embedded one on each Store engine, BullMQ on Redis.
describe.each(ENGINES)("embedded driver, store on %s", (engine) => {
  runQueueContract({ name: `embedded/${engine}`, harness: () => embeddedHarness(engine) });
  runBatchAndReleaseContract({ name: `embedded/${engine}`, harness: () => embeddedHarness(engine) });
});

describe("bullmq driver, redis", () => {
  runQueueContract({ name: "bullmq", harness: bullmqHarness });
  runBatchAndReleaseContract({ name: "bullmq", harness: bullmqHarness });
});
