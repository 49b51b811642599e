import { describe, expect, it } from "vitest";
import { openQueueDriver } from "../index.ts";
import { runWorker } from "../worker.ts";
import { openDb } from "../../db/db.ts";

describe("BullMQ driver shutdown", () => {
  // A process told to stop while Redis is down must stop, not wait for a connection that never comes.
  it("closes promptly with a worker running while Redis is unreachable", async () => {
    const db = await openDb("sqlite://:memory:");
    const driver = await openQueueDriver({ redisUrl: "redis://127.0.0.1:1", db, prefix: `ops-close-${process.pid}` });
    // The worker's first reserve waits on a queue that Redis never readies; ping's own 1 s timeout
    // lets it get there (there is no event to await: nothing errors, the connection just retries).
    const worker = runWorker(driver, "q", async () => {}, { errorPauseMs: 50 });
    expect(await driver.ping()).toBe(false);
    await Promise.all([worker.stop(), driver.close()]);
    await db.close();
    expect(await driver.ping()).toBe(false);
  }, 8_000);
});
