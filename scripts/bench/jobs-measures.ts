/**
 * The jobs bench's measurements, each on a BenchSystem (jobs-system.ts) with jobs of its own
 * (names carry the round, so rounds on one system never mix). Latencies come from the run rows
 * the engine wrote (`scheduled_for`, `queued_at`, `started_at`, `finished_at`, ms precision), so
 * how the bench notices the end does not enter the figures.
 */
import { Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import type { BenchSystem } from "./jobs-system.ts";
import { deleteRedisKeys } from "./jobs-system.ts";
import { instantMs, summarize, type Summary } from "./stats.ts";

export type NoopKind = "http" | "sql";
type RunTimes = { status: string; duration_ms: number | string | null; scheduled_for: string | Date | null; queued_at: string | Date; started_at: string | Date | null; finished_at: string | Date | null };

const IMPORT_BATCH = 500;
const FINAL = "('succeeded','failed','timed_out','cancelled','skipped')";
const SETTLE_POLL_MS = 50;

/** The cheapest real job: GET of a local 204 (http), or `SELECT 1` on the store (sql, read-only transaction). */
export function noopConfig(kind: NoopKind, targetUrl: string, path = "/noop") {
  return kind === "http" ? { type: "http", config: { method: "GET", url: `${targetUrl}${path}` } } : { type: "sql", config: { engine: "store", statement: "SELECT 1" } };
}

/** Creates (or with `upsert`, changes) definitions through `POST /jobs/import`, 500 per request. */
async function importJobs(b: BenchSystem, jobs: Array<Record<string, unknown>>, mode: "create" | "upsert" = "create") {
  for (let i = 0; i < jobs.length; i += IMPORT_BATCH) {
    const yaml = JSON.stringify({ version: 1, jobs: jobs.slice(i, i + IMPORT_BATCH) });
    await b.api("POST", "/jobs/import", { yaml, mode, dry_run: false });
  }
}

const runsOf = (b: BenchSystem, prefix: string) =>
  b.system.db.all<RunTimes>(`SELECT status, duration_ms, scheduled_for, queued_at, started_at, finished_at FROM job_runs WHERE job_name LIKE ? ORDER BY queued_at`, [`${prefix}%`]);

/**
 * Waits until at least `atLeast` runs of jobs named `prefix…` exist and none is queued or running.
 * Polled: the figures come from the rows, so the poll interval only delays the next measurement.
 * Answers how many polls it sent (each one store statement, not the engine's).
 */
async function settled(b: BenchSystem, prefix: string, atLeast: number, timeoutMs = 300_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let polls = 1; ; polls++) {
    const row = await b.system.db.get<{ total: number | string; open: number | string }>(
      `SELECT COUNT(*) AS total, SUM(CASE WHEN status IN ${FINAL} THEN 0 ELSE 1 END) AS open FROM job_runs WHERE job_name LIKE ?`,
      [`${prefix}%`],
    );
    if (Number(row?.total ?? 0) >= atLeast && Number(row?.open ?? 0) === 0) return polls;
    if (Date.now() > deadline) throw new Error(`${prefix}: runs still open after ${timeoutMs} ms (${JSON.stringify(row)})`);
    await Bun.sleep(SETTLE_POLL_MS);
  }
}

const failures = (rows: RunTimes[]) => rows.filter((r) => r.status !== "succeeded").length;

export type CronResult = { runs: number; failed: number; start: Summary; fired: Summary };

/**
 * `jobs` definitions on `* * * * * *` (every second, UTC) for `seconds` of wall time, then paused.
 * start = started_at − occurrence (cron due → handler start), fired = queued_at − occurrence (the scheduler's part).
 */
export async function cronLatency(b: BenchSystem, o: { round: number; jobs: number; seconds: number; kind: NoopKind; target: string }): Promise<CronResult> {
  const prefix = `cron-r${o.round}-`;
  const defs = Array.from({ length: o.jobs }, (_, i) => ({
    name: `${prefix}${i}`, ...noopConfig(o.kind, o.target), schedule: { cron: "* * * * * *", timezone: "UTC" }, timeout_s: 30,
  }));
  await importJobs(b, defs);
  // wall time passing is the point: occurrences come once a second
  await Bun.sleep(o.seconds * 1000);
  await importJobs(b, defs.map((d) => ({ ...d, status: "paused" })), "upsert");
  await settled(b, prefix, 1);
  const rows = (await runsOf(b, prefix)).filter((r) => r.scheduled_for !== null);
  const due = (r: RunTimes) => instantMs(r.scheduled_for);
  return {
    runs: rows.length, failed: failures(rows),
    start: summarize(rows.filter((r) => r.started_at).map((r) => instantMs(r.started_at) - due(r))),
    fired: summarize(rows.map((r) => instantMs(r.queued_at) - due(r))),
  };
}

export type BurstResult = CronResult & { allStartedMs: number; allFiredMs: number; setupLate: boolean; statementsPerRun: number };

/**
 * `count` one-shot definitions (`{at: T}`) all due at the same whole second T, created `leadS`
 * seconds ahead. Figures are relative to T: each run's start, the last start, the last fire.
 */
export async function burstLatency(b: BenchSystem, o: { round: number; count: number; leadS: number; kind: NoopKind; target: string }): Promise<BurstResult> {
  const prefix = `burst-r${o.round}-`;
  const due = Math.ceil((Date.now() + o.leadS * 1000) / 1000) * 1000;
  const at = new Date(due).toISOString();
  await importJobs(b, Array.from({ length: o.count }, (_, i) => ({ name: `${prefix}${i}`, ...noopConfig(o.kind, o.target), schedule: { at }, timeout_s: 30 })));
  const setupLate = Date.now() > due - 200;
  const before = b.statements();
  const polls = await settled(b, prefix, o.count);
  const statementsPerRun = (b.statements() - before - polls) / o.count;
  const rows = await runsOf(b, prefix);
  const starts = rows.filter((r) => r.started_at).map((r) => instantMs(r.started_at) - due);
  const fires = rows.map((r) => instantMs(r.queued_at) - due);
  return {
    runs: rows.length, failed: failures(rows), setupLate, statementsPerRun,
    start: summarize(starts), fired: summarize(fires),
    allStartedMs: Math.max(...starts), allFiredMs: Math.max(...fires),
  };
}

export type ThroughputResult = {
  runs: number; failed: number; perSecond: number; submitPerSecond: number; statementsPerRun: number;
  /** statement texts by how often one run sent them, most first */
  perRunTexts: Array<[string, number]>;
};

/** What each statement text was sent per run between two snapshots, most first. */
function perRun(before: Map<string, number>, after: Map<string, number>, runs: number): Array<[string, number]> {
  return [...after].map(([text, n]): [string, number] => [text, (n - (before.get(text) ?? 0)) / runs]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
}

/**
 * `count` runs of one no-op job submitted by `producers` concurrent `POST /jobs/{id}/runs` (the
 * manual path: auth, RBAC, data scope, audit), clocked from the first submission to the last
 * `finished_at`.
 */
export async function engineThroughput(b: BenchSystem, o: { round: number; count: number; producers: number; kind: NoopKind; target: string }): Promise<ThroughputResult> {
  const name = `noop-r${o.round}`;
  await importJobs(b, [{ name, ...noopConfig(o.kind, o.target), timeout_s: 30 }]);
  const t0 = Date.now();
  const before = b.statements();
  const textsBefore = b.statementTexts();
  let next = 0;
  const producer = async () => {
    while (next++ < o.count) await b.api("POST", `/jobs/${name}/runs`, { params: {} });
  };
  await Promise.all(Array.from({ length: o.producers }, producer));
  const submitted = Date.now();
  const polls = await settled(b, name, o.count);
  const statementsPerRun = (b.statements() - before - polls) / o.count;
  const perRunTexts = perRun(textsBefore, b.statementTexts(), o.count).filter(([text]) => !text.startsWith("SELECT COUNT(*) AS total"));
  const rows = await runsOf(b, name);
  const end = Math.max(...rows.map((r) => instantMs(r.finished_at)));
  return { runs: rows.length, failed: failures(rows), perSecond: (rows.length * 1000) / (end - t0), submitPerSecond: (o.count * 1000) / (submitted - t0), statementsPerRun, perRunTexts };
}

/** BullMQ's own Queue and Worker on the same Redis, no-op processor, same count, producers and concurrency. */
export async function rawBullmqThroughput(redisUrl: string, o: { round: number; count: number; producers: number; concurrency: number }): Promise<number> {
  const prefix = `ops-bench-jobs-raw-${process.pid}-${o.round}`;
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("raw", { connection, prefix });
  const worker = new Worker("raw", async () => undefined, { connection, prefix, concurrency: o.concurrency });
  const allDone = Promise.withResolvers<void>();
  let done = 0;
  worker.on("completed", () => ++done === o.count && allDone.resolve());
  try {
    await worker.waitUntilReady();
    const t0 = performance.now();
    let next = 0;
    const producer = async () => {
      while (next++ < o.count) await queue.add("noop", {}, { removeOnComplete: { age: 3600 } });
    };
    await Promise.all(Array.from({ length: o.producers }, producer));
    await allDone.promise;
    return (o.count * 1000) / (performance.now() - t0);
  } finally {
    await worker.close();
    await queue.close();
    await connection.quit();
    await deleteRedisKeys(redisUrl, prefix);
  }
}

export type ChainResult = {
  steps: number; failed: number; totalMs: number; workMs: number; runnerMs: number; handoff: Summary; queueToStart: Summary; statementsPerStep: number;
  /** statement texts by how often one step sent them, most first */
  perStepTexts: Array<[string, number]>;
};

/** Resolves with the flow run's status once it is final (the flows engine's change listener; the status is read at each change). */
async function flowFinal(b: BenchSystem, flowRunId: string): Promise<string> {
  const done = Promise.withResolvers<string>();
  const check = async () => {
    const row = await b.system.db.get<{ status: string }>("SELECT status FROM flow_runs WHERE id = ?", [flowRunId]);
    if (row && ["succeeded", "failed", "cancelled"].includes(row.status)) done.resolve(row.status);
  };
  const off = b.system.flows.onChange((id) => {
    if (id === flowRunId) void check().catch(done.reject);
  });
  try {
    await check();
    return await done.promise;
  } finally {
    off();
  }
}

export type StepKind = "http" | "shell";

/**
 * A real flow: `steps` inline steps in a chain, each an http GET that the target answers after
 * `stepMs` (or with `shell`, `sleep` of that long: a process spawn on top). Started by
 * `POST /flows/{name}/runs`; the flows engine queues step i+1 from jobs' run status hook when step i
 * ends, in the worker's process. total = the POST → the instance final; handoff = started_at(i+1) −
 * finished_at(i) from the step runs' rows; work = the sum of started_at → finished_at of the steps,
 * of which runner = their `duration_ms` (the request itself; the rest is the engine's log and bookkeeping).
 */
export async function chainLatency(b: BenchSystem, o: { round: number; steps: number; stepMs: number; target: string; kind?: StepKind }): Promise<ChainResult> {
  const name = `chain-r${o.round}`;
  const keys = Array.from({ length: o.steps }, (_, i) => `s${String(i).padStart(3, "0")}`);
  const step = o.kind === "shell"
    ? { type: "shell", config: { command: `sleep ${(o.stepMs / 1000).toFixed(3)}` } }
    : { type: "http", config: { method: "GET", url: `${o.target}/sleep?ms=${o.stepMs}` } };
  await b.api("POST", "/flows", {
    name, nodes: keys.map((key) => ({ key, ...step, timeout_s: 30 })), edges: keys.slice(1).map((key, i) => ({ from: keys[i], to: key })),
  });
  const t0 = performance.now();
  const before = b.statements();
  const textsBefore = b.statementTexts();
  const run = await b.api<{ id: string }>("POST", `/flows/${name}/runs`, { params: {} });
  const status = await flowFinal(b, run.id);
  const totalMs = performance.now() - t0;
  // every store statement of the instance (API call, engine, hand-offs, card refreshes) and of flowFinal's reads
  const statementsPerStep = (b.statements() - before) / o.steps;
  const perStepTexts = perRun(textsBefore, b.statementTexts(), o.steps);
  const rows = await b.system.db.all<RunTimes & { node_key: string }>(
    "SELECT node_key, status, duration_ms, scheduled_for, queued_at, started_at, finished_at FROM job_runs WHERE flow_run_id = ? ORDER BY node_key",
    [run.id],
  );
  const handoffs = rows.slice(1).map((r, i) => instantMs(r.started_at) - instantMs(rows[i]!.finished_at));
  return {
    steps: rows.length, failed: status === "succeeded" ? failures(rows) : Math.max(1, failures(rows)), totalMs,
    workMs: rows.reduce((sum, r) => sum + (instantMs(r.finished_at) - instantMs(r.started_at)), 0),
    runnerMs: rows.reduce((sum, r) => sum + Number(r.duration_ms ?? 0), 0),
    handoff: summarize(handoffs), queueToStart: summarize(rows.map((r) => instantMs(r.started_at) - instantMs(r.queued_at))), statementsPerStep, perStepTexts,
  };
}

export type DagResult = { fan: number; failed: number; totalMs: number; fanOut: Summary; fanIn: number };

/**
 * A fan-out / fan-in flow: `src` → `fan` parallel inline http steps of `stepMs` → `join`. fanOut =
 * each branch's started_at − src's finished_at (all queued in one hand-off, then bounded by the
 * worker's concurrency); fanIn = join's started_at − the last branch's finished_at (the join
 * decided once, by whichever branch ended last).
 */
export async function dagLatency(b: BenchSystem, o: { round: number; fan: number; stepMs: number; target: string }): Promise<DagResult> {
  const name = `dag-r${o.round}`;
  const step = { type: "http", config: { method: "GET", url: `${o.target}/sleep?ms=${o.stepMs}` }, timeout_s: 30 };
  const branches = Array.from({ length: o.fan }, (_, i) => `p${String(i).padStart(3, "0")}`);
  await b.api("POST", "/flows", {
    name, nodes: [{ key: "src", ...step }, ...branches.map((key) => ({ key, ...step })), { key: "join", ...step }],
    edges: branches.flatMap((key) => [{ from: "src", to: key }, { from: key, to: "join" }]),
  });
  const t0 = performance.now();
  const run = await b.api<{ id: string }>("POST", `/flows/${name}/runs`, { params: {} });
  const status = await flowFinal(b, run.id);
  const totalMs = performance.now() - t0;
  const rows = await b.system.db.all<RunTimes & { node_key: string }>(
    "SELECT node_key, status, duration_ms, scheduled_for, queued_at, started_at, finished_at FROM job_runs WHERE flow_run_id = ?",
    [run.id],
  );
  const src = rows.find((r) => r.node_key === "src")!;
  const join = rows.find((r) => r.node_key === "join");
  const fans = rows.filter((r) => r.node_key.startsWith("p"));
  const lastFan = Math.max(...fans.map((r) => instantMs(r.finished_at)));
  return {
    fan: fans.length, failed: status === "succeeded" ? failures(rows) : Math.max(1, failures(rows)), totalMs,
    fanOut: summarize(fans.map((r) => instantMs(r.started_at) - instantMs(src.finished_at))),
    fanIn: join ? instantMs(join.started_at) - lastFan : Number.NaN,
  };
}
