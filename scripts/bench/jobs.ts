/**
 * Jobs engine timings, on each queue setup, with baselines measured in the same run:
 *
 *   1. cron due → run start: --cron-jobs definitions on a per-second cron for --cron-seconds;
 *      started_at − occurrence p50/p99 (and queued_at − occurrence: the scheduler's own part).
 *   2. burst: --burst one-shot definitions due in the same second; each start and the last one.
 *   3. no-op throughput: --runs runs of one trivial job (--noop http: GET of a local Bun.serve
 *      answering 204; sql: `SELECT 1` on the store) through `POST /api/v1/jobs/{id}/runs`, runs/s;
 *      beside raw BullMQ (its own Queue + Worker, no-op processor, same Redis, same count,
 *      producers and concurrency), so engine / raw is the figure that survives another machine.
 *   4. chain: a real flow of --steps inline steps of --step-ms each (--step-kind http: a GET the
 *      local target answers after that long; shell: `sleep`, a process spawn on top), started by
 *      `POST /api/v1/flows/{name}/runs`; the flows engine hands off from jobs' run status hook. End
 *      to end, the hand-off gaps, against the work (steps × step-ms) and published figures for 40 × 10 ms.
 *   5. dag: a flow src → --fan parallel steps → join (inline http steps of --step-ms): fan-out (src end →
 *      each branch start) and fan-in (last branch end → join start).
 *
 * Store statements per run are counted (the system's Db wrapped); --statements lists, for the
 * throughput runs and the chain, each statement text and how many times one run (step) sent it.
 *
 * Every setup is the whole system in this process (jobs-system.ts: store, queue, IAM, audit, run
 * worker with --concurrency, scheduler; the real clock), driven through the HTTP app without a
 * socket. Setups: embedded queue on SQLite (always), on PostgreSQL (DATABASE_URL), BullMQ on
 * REDIS_URL (store: PostgreSQL with DATABASE_URL, else SQLite). Each gets its own database / key
 * prefix, dropped at the end. On a shared 2-core box compare ratios and ranges, not absolutes.
 *
 *   bun scripts/bench/jobs.ts [--rounds 3] [--only cron,burst,throughput,chain,dag] [--concurrency 4]
 *     [--cron-jobs 20] [--cron-seconds 5] [--burst 1000] [--burst-lead 8] [--runs 1000]
 *     [--producers 20] [--noop http|sql] [--steps 40] [--step-ms 10] [--step-kind http|shell] [--fan 8] [--statements]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 bun scripts/bench/jobs.ts
 */
import { parseArgs } from "node:util";
import { openBenchSystem, startTarget, type BenchSetup } from "./jobs-system.ts";
import {
  burstLatency, chainLatency, cronLatency, dagLatency, engineThroughput, rawBullmqThroughput, type DagResult,
  type BurstResult, type ChainResult, type CronResult, type NoopKind, type StepKind, type ThroughputResult,
} from "./jobs-measures.ts";
import { cell, range, type Summary } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    only: { type: "string", default: "cron,burst,throughput,chain,dag" },
    concurrency: { type: "string", default: "4" },
    "cron-jobs": { type: "string", default: "20" },
    "cron-seconds": { type: "string", default: "5" },
    burst: { type: "string", default: "1000" },
    "burst-lead": { type: "string", default: "8" },
    runs: { type: "string", default: "1000" },
    producers: { type: "string", default: "20" },
    noop: { type: "string", default: "http" },
    steps: { type: "string", default: "40" },
    "step-ms": { type: "string", default: "10" },
    "step-kind": { type: "string", default: "http" },
    fan: { type: "string", default: "8" },
    statements: { type: "boolean", default: false },
  },
});
const ROUNDS = Math.max(1, Number(args.rounds));
const ONLY = new Set(args.only.split(","));
const CONCURRENCY = Number(args.concurrency);
const NOOP = args.noop as NoopKind;
if (NOOP !== "http" && NOOP !== "sql") throw new Error(`--noop: http or sql, not ${args.noop}`);
const STEPS = Number(args.steps);
const STEP_MS = Number(args["step-ms"]);
const STEP_KIND = args["step-kind"] as StepKind;
if (STEP_KIND !== "http" && STEP_KIND !== "shell") throw new Error(`--step-kind: http or shell, not ${args["step-kind"]}`);
/** Published end-to-end times of a 40-step chain of ~10 ms steps, and ours to aim at. */
const PUBLISHED = { windmill: 2.09, hatchet: 1.22, aim: 0.75 };

type Round = { cron?: CronResult; burst?: BurstResult; throughput?: ThroughputResult; raw?: number | null; chain?: ChainResult; dag?: DagResult };

const PG_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const setups: BenchSetup[] = [
  { name: "embedded · SQLite", store: "sqlite", redisUrl: null },
  ...(PG_URL ? [{ name: "embedded · PostgreSQL", store: "postgres" as const, redisUrl: null }] : []),
  ...(REDIS_URL ? [{ name: `BullMQ · ${PG_URL ? "PostgreSQL" : "SQLite"} store`, store: (PG_URL ? "postgres" : "sqlite") as BenchSetup["store"], redisUrl: REDIS_URL }] : []),
];

const ms = (s: Summary) => `p50 ${cell(s.p50, 0, 5)} ms  p99 ${cell(s.p99, 0, 5)} ms  max ${cell(s.max, 0, 5)} ms`;

function printRound(setup: BenchSetup, round: number, r: Round) {
  console.log(`\n[${setup.name}] round ${round} of ${ROUNDS}`);
  if (r.cron) console.log(`  cron due → start   ${ms(r.cron.start)}  (fired: ${ms(r.cron.fired)}; ${r.cron.runs} runs, ${r.cron.failed} not succeeded)`);
  if (r.burst) {
    const b = r.burst;
    console.log(`  ${args.burst} due at once  start ${ms(b.start)}; all fired +${b.allFiredMs} ms, all started +${b.allStartedMs} ms (${b.runs} runs, ${b.failed} not succeeded; ${b.statementsPerRun.toFixed(1)} store statements per run)${b.setupLate ? "  [setup ran past the due second: raise --burst-lead]" : ""}`);
  }
  if (r.throughput) {
    const t = r.throughput;
    const raw = r.raw ? `; raw BullMQ ${cell(r.raw, 0, 6)} jobs/s, engine / raw ${((t.perSecond / r.raw) * 100).toFixed(1)} %` : "";
    if (args.statements) for (const [text, n] of t.perRunTexts) console.log(`      ${n.toFixed(2).padStart(5)} × ${text}`);
    console.log(`  no-op ${NOOP} runs   ${cell(t.perSecond, 0, 6)} runs/s (submitted at ${t.submitPerSecond.toFixed(0)}/s; ${t.statementsPerRun.toFixed(1)} store statements per run, request included; ${t.failed} not succeeded)${raw}`);
  }
  if (r.chain) {
    const c = r.chain;
    if (args.statements) for (const [text, n] of c.perStepTexts) console.log(`      ${n.toFixed(2).padStart(5)} × ${text}`);
    console.log(`  chain ${c.steps} × ${STEP_MS} ms  ${(c.totalMs / 1000).toFixed(3)} s end to end (${(c.totalMs / (STEPS * STEP_MS)).toFixed(2)}× the ${(STEPS * STEP_MS) / 1000} s of work; steps started → finished ${(c.workMs / 1000).toFixed(3)} s, of which the requests ${(c.runnerMs / 1000).toFixed(3)} s; ${c.failed} failed)`);
    console.log(`                     hand-off (finish → next start) ${ms(c.handoff)}; queued → started ${ms(c.queueToStart)}; ${c.statementsPerStep.toFixed(1)} store statements per step`);
  }
  if (r.dag) {
    const d = r.dag;
    console.log(`  dag 1 → ${d.fan} → 1     ${(d.totalMs / 1000).toFixed(3)} s end to end; fan-out (src end → branch start) ${ms(d.fanOut)}; fan-in (last branch end → join start) ${d.fanIn.toFixed(0)} ms; ${d.failed} failed`);
  }
}

function printRanges(setup: BenchSetup, rounds: Round[]) {
  const pick = <T>(f: (r: Round) => T | undefined) => rounds.map(f).filter((x): x is T => x !== undefined && x !== null);
  console.log(`\n[${setup.name}] over ${rounds.length} round(s), worker concurrency ${CONCURRENCY}`);
  const cron = pick((r) => r.cron);
  if (cron.length) console.log(`  cron due → start      p50 ${range(cron.map((c) => c.start.p50))} ms, p99 ${range(cron.map((c) => c.start.p99))} ms (scheduler fired p99 ${range(cron.map((c) => c.fired.p99))} ms)`);
  const burst = pick((r) => r.burst);
  if (burst.length) {
    console.log(`  ${args.burst} due in one second  start p50 ${range(burst.map((b) => b.start.p50))} ms, p99 ${range(burst.map((b) => b.start.p99))} ms, all started ${range(burst.map((b) => b.allStartedMs))} ms, all fired ${range(burst.map((b) => b.allFiredMs))} ms, ${range(burst.map((b) => b.statementsPerRun), 1)} store statements per run`);
  }
  const tput = pick((r) => r.throughput);
  if (tput.length) {
    const ratios = rounds.filter((r) => r.throughput && r.raw).map((r) => (r.throughput!.perSecond / r.raw!) * 100);
    const raw = pick((r) => r.raw ?? undefined);
    console.log(`  no-op ${NOOP} runs/s       ${range(tput.map((t) => t.perSecond))}, ${range(tput.map((t) => t.statementsPerRun), 1)} store statements per run${raw.length ? ` (raw BullMQ ${range(raw)} jobs/s; engine / raw ${range(ratios, 1)} %)` : ""}`);
  }
  const chain = pick((r) => r.chain);
  if (chain.length) {
    console.log(`  chain ${STEPS} × ${STEP_MS} ms      ${range(chain.map((c) => c.totalMs / 1000), 3)} s end to end (work ${(STEPS * STEP_MS) / 1000} s; aim ≤ ${PUBLISHED.aim} s for 40 × 10 ms), hand-off p50 ${range(chain.map((c) => c.handoff.p50))} ms, p99 ${range(chain.map((c) => c.handoff.p99))} ms`);
  }
  const dag = pick((r) => r.dag);
  if (dag.length) {
    console.log(`  dag 1 → ${args.fan} → 1          fan-out p50 ${range(dag.map((d) => d.fanOut.p50))} ms, p99 ${range(dag.map((d) => d.fanOut.p99))} ms; fan-in ${range(dag.map((d) => d.fanIn))} ms; end to end ${range(dag.map((d) => d.totalMs / 1000), 3)} s`);
  }
}

async function runSetup(setup: BenchSetup, target: string): Promise<Round[]> {
  const b = await openBenchSystem(setup, PG_URL, CONCURRENCY);
  const rounds: Round[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const r: Round = {};
      if (ONLY.has("cron")) r.cron = await cronLatency(b, { round, jobs: Number(args["cron-jobs"]), seconds: Number(args["cron-seconds"]), kind: NOOP, target });
      if (ONLY.has("burst")) r.burst = await burstLatency(b, { round, count: Number(args.burst), leadS: Number(args["burst-lead"]), kind: NOOP, target });
      if (ONLY.has("throughput")) {
        const load = { round, count: Number(args.runs), producers: Number(args.producers) };
        r.throughput = await engineThroughput(b, { ...load, kind: NOOP, target });
        // the baseline right after, on the same Redis, so both see the same machine
        r.raw = setup.redisUrl ? await rawBullmqThroughput(setup.redisUrl, { ...load, concurrency: CONCURRENCY }) : null;
      }
      if (ONLY.has("chain")) r.chain = await chainLatency(b, { round, steps: STEPS, stepMs: STEP_MS, target, kind: STEP_KIND });
      if (ONLY.has("dag")) r.dag = await dagLatency(b, { round, fan: Number(args.fan), stepMs: STEP_MS, target });
      printRound(setup, round, r);
      rounds.push(r);
    }
  } finally {
    await b.close();
  }
  return rounds;
}

async function main() {
  console.log(`jobs bench: ${ROUNDS} round(s), run worker concurrency ${CONCURRENCY}, no-op job: ${NOOP === "http" ? "http GET of a local Bun.serve answering 204" : "sql SELECT 1 on the store"}`);
  if (!PG_URL) console.log("(PostgreSQL skipped: set DATABASE_URL)");
  if (!REDIS_URL) console.log("(BullMQ and the raw BullMQ baseline skipped: set REDIS_URL)");
  const target = startTarget();
  const all: Array<[BenchSetup, Round[]]> = [];
  try {
    for (const setup of setups) all.push([setup, await runSetup(setup, target.url)]);
  } finally {
    target.stop();
  }
  console.log("\n=== summary ===");
  for (const [setup, rounds] of all) printRanges(setup, rounds);
  if (ONLY.has("chain")) {
    console.log(`\nchain reference for 40 × 10 ms: work alone ${(40 * 10) / 1000} s; published Windmill ${PUBLISHED.windmill} s, Hatchet ${PUBLISHED.hatchet} s; aim ≤ ${PUBLISHED.aim} s`);
    console.log(`(measured: one flow of ${STEPS} inline ${STEP_KIND} steps in a chain; the flows engine queues step i+1 from jobs' run status hook when step i ends, in the worker's process)`);
  }
  const failed = all.some(([, rounds]) => rounds.some((r) => (r.cron?.failed ?? 0) + (r.burst?.failed ?? 0) + (r.throughput?.failed ?? 0) + (r.chain?.failed ?? 0) + (r.dag?.failed ?? 0) > 0));
  process.exit(failed ? 1 : 0);
}

await main();
