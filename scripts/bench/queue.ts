/**
 * Queue throughput: enqueue and process JOBS no-op jobs with runWorker at CONCURRENCY, on each
 * driver, and print jobs/s with the ratio against BullMQ measured in the same run (so the figure
 * survives a slower machine). Not a test: `bun scripts/bench/queue.ts`.
 *
 * Env: BENCH_JOBS (5000), BENCH_CONCURRENCY (50), BENCH_ROUNDS (3), OPS_TEST_REDIS_URL, OPS_TEST_PG_URL
 * (PostgreSQL is skipped when unreachable). Prints each setup's range over the rounds and its ratio to the OPS
 * BullMQ driver per round, and the OPS driver's ratio to raw BullMQ measured next to it in each round.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";
import { Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import { openDb, type Db } from "../../api/src/platform/db/db.ts";
import { migrate } from "../../api/src/platform/db/migrate.ts";
import { createEmbeddedDriver, runWorker, type QueueDriver } from "../../api/src/platform/queue/index.ts";
import { createBullmqDriver } from "../../api/src/platform/queue/bullmq/bullmq-driver.ts";
import { deleteKeys, TEST_REDIS_URL } from "../../api/src/platform/queue/driver.harness.ts";

let JOBS = Number(process.env.BENCH_JOBS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const PG_ADMIN_URL = process.env.OPS_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

type Setup = { name: string; open(): Promise<{ driver: QueueDriver; cleanup(): Promise<void> }> };

/** Enqueues with CONCURRENCY producers while the worker drains; the clock runs until the last completion. */
/** This process's CPU time per job (µs), the other figure of a round: less at the mercy of a loaded box than jobs/s. */
const cpuPerJob = new Map<string, number[]>();
let cpuAtStart = process.cpuUsage();
const cpuStart = () => void (cpuAtStart = process.cpuUsage());
const cpuEnd = (name: string) => {
  const used = process.cpuUsage(cpuAtStart);
  cpuPerJob.set(name, [...(cpuPerJob.get(name) ?? []), (used.user + used.system) / JOBS]);
};

async function measure(driver: QueueDriver): Promise<number> {
  const queue = `bench-${Date.now()}`;
  const allDone = Promise.withResolvers<void>();
  let done = 0;
  const worker = runWorker(driver, queue, () => undefined, {
    concurrency: CONCURRENCY,
    onEvent: (e) => {
      if (e.type === "error") console.error(e.error);
      if (e.type === "completed" && ++done === JOBS) allDone.resolve();
    },
  });
  cpuStart();
  const started = performance.now();
  let next = 0;
  const producer = async () => {
    while (next < JOBS) await driver.enqueue(queue, "noop", { i: next++ });
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, producer));
  await allDone.promise;
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  return JOBS / seconds;
}

/** BullMQ's own Worker with a processor, same load: what the port's round trips cost on Redis. */
async function measureNativeBullmq(): Promise<number> {
  const prefix = `ops-bench-native-${process.pid}`;
  const connection = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue("native", { connection, prefix });
  const allDone = Promise.withResolvers<void>();
  let done = 0;
  const worker = new Worker("native", async () => undefined, { connection, prefix, concurrency: CONCURRENCY });
  worker.on("completed", () => ++done === JOBS && allDone.resolve());
  await worker.waitUntilReady();
  cpuStart();
  const started = performance.now();
  let next = 0;
  const producer = async () => {
    while (next++ < JOBS) await queue.add("noop", {}, { removeOnComplete: { age: 3600 } });
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, producer));
  await allDone.promise;
  const rate = JOBS / ((performance.now() - started) / 1000);
  await worker.close();
  await queue.close();
  await connection.quit();
  await deleteKeys(prefix);
  return rate;
}

async function embeddedOn(url: string, drop: () => Promise<void>) {
  const db: Db = await openDb(url);
  await migrate(db);
  const driver = createEmbeddedDriver({ db });
  return {
    driver,
    async cleanup() {
      await driver.close();
      await db.close();
      await drop();
    },
  };
}

const setups: Setup[] = [
  {
    name: "bullmq (redis, ioredis)",
    async open() {
      const prefix = `ops-bench-${process.pid}`;
      const driver = createBullmqDriver({ url: TEST_REDIS_URL, prefix });
      return { driver, cleanup: async () => void (await driver.close(), await deleteKeys(prefix)) };
    },
  },
  {
    name: "embedded (sqlite file)",
    async open() {
      const file = join(tmpdir(), `ops-bench-queue-${process.pid}.db`);
      return embeddedOn(`sqlite://${file}`, async () => {
        for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
      });
    },
  },
  {
    name: "embedded (postgresql)",
    async open() {
      const name = `ops_bench_${process.pid}`;
      const admin = new SQL(PG_ADMIN_URL);
      await admin.unsafe(`CREATE DATABASE ${name}`);
      const drop = async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
      };
      return embeddedOn(PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`), drop);
    },
  },
];

const NATIVE = "bullmq native Worker (ref)";
/** rates per setup, one per round (null: skipped, with why) */
const rates = new Map<string, Array<number | null>>();
const notes = new Map<string, string>();
const record = (name: string, rate: number | null, note?: string) => {
  rates.set(name, [...(rates.get(name) ?? []), rate]);
  if (note) notes.set(name, note);
};
const runSetup = async (setup: Setup) => {
  try {
    const { driver, cleanup } = await setup.open();
    try {
      record(setup.name, await measure(driver));
      cpuEnd(setup.name);
    } finally {
      await cleanup();
    }
  } catch (e) {
    record(setup.name, null, (e as Error).message);
  }
};
const runNative = async () => {
  try {
    record(NATIVE, await measureNativeBullmq());
    cpuEnd(NATIVE);
  } catch (e) {
    record(NATIVE, null, (e as Error).message);
  }
};

// Warm-up, not recorded: the first BullMQ setup measured otherwise pays for the JIT and the Lua script loads
// (its first round cost about twice the CPU per job of the next ones, and the ratio of that round showed it).
{
  const measured = JOBS;
  JOBS = Math.min(1000, measured);
  await runSetup(setups[0]!);
  await runNative();
  JOBS = measured;
  rates.clear();
  cpuPerJob.clear();
  notes.clear();
}

// The OPS BullMQ driver and raw BullMQ run back to back, in alternating order, so each round's ratio compares
// them under the same load (the dev box is shared).
for (let round = 0; round < ROUNDS; round++) {
  const [bullmq, ...embedded] = setups;
  if (round % 2 === 0) {
    await runSetup(bullmq!);
    await runNative();
  } else {
    await runNative();
    await runSetup(bullmq!);
  }
  for (const setup of embedded) await runSetup(setup);
}

const fmt = (n: number) => Math.round(n).toString();
const ratioTo = (name: string, base: string) =>
  (rates.get(name) ?? []).map((r, i) => {
    const b = rates.get(base)?.[i];
    return r !== null && r !== undefined && b ? (r / b).toFixed(2) : "-";
  });
console.log(`queue bench: ${JOBS} no-op jobs, concurrency ${CONCURRENCY} (enqueue + process), ${ROUNDS} round(s)`);
const ops = setups[0]!.name;
for (const [name, list] of rates) {
  const ok = list.filter((r): r is number => r !== null);
  if (ok.length === 0) {
    console.log(`  ${name.padEnd(28)} skipped: ${notes.get(name)}`);
    continue;
  }
  const range = ok.length > 1 ? `${fmt(Math.min(...ok))}-${fmt(Math.max(...ok))}` : fmt(ok[0]!);
  const ratios = name === ops ? "" : `  x bullmq per round: ${ratioTo(name, ops).join(" ")}`;
  const cpu = (cpuPerJob.get(name) ?? []).map((us) => us.toFixed(0)).join("/");
  console.log(`  ${name.padEnd(28)} ${range.padStart(11)} jobs/s  cpu ${cpu} µs/job${ratios}`);
}
console.log(`  ops bullmq / raw bullmq per round: ${ratioTo(ops, NATIVE).join(" ")}`);
process.exit(0);
