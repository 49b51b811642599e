/**
 * A run worker in a process of its own, for the kill -9 test (worker-kill.test.ts):
 * `bun worker-process.fixture.ts <postgres url> <lease ms>`. Prints "ready" once consuming.
 */
import { systemClock } from "../../../platform/clock.ts";
import { openDb } from "../../../platform/db/db.ts";
import { createEmbeddedDriver } from "../../../platform/queue/index.ts";
import { createJobs } from "../jobs.service.ts";

const [url, lease] = process.argv.slice(2);
const db = await openDb(url!, { poolMax: 2 });
const jobs = createJobs({ db, clock: systemClock, scope: async () => null, queue: createEmbeddedDriver({ db }) });
await jobs.start({ worker: { leaseMs: Number(lease), workerId: "doomed-process" }, scheduler: false });
console.log("ready");
