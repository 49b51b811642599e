/**
 * The cluster test: 2 web + 2 worker + 2 scheduler processes of `bun api/src/main.ts` over one PostgreSQL
 * database, with BullMQ on Redis (`redis`) and with the embedded queue on PostgreSQL alone (`pg`). Load goes
 * through both web processes (API job runs, chat `run` and `approve`, approvals, every-second cron jobs) while one
 * worker and one scheduler are SIGKILLed; then it checks that every cron occurrence fired once, every run ended,
 * every notification was stored and delivered once, and live-inbox streams on each web process saw every one.
 *
 *   bun scripts/cluster-test.ts [--only redis|pg] [--serial] [--seconds 30] [--cron-jobs 3] [--pause-ms 250]
 *                               [--kill-at 0.4] [--settle-s 40] [--sse-per-web 2] [--budget-s N]
 *
 * The two setups run at the same time (their databases, Redis prefixes, ports and receivers are apart; the load is
 * a trickle, so the two together still leave most of two cores idle); --serial runs one after the other.
 * Prints a summary per setup; exits 1 when any check fails, 2 on bad arguments. Every wait has a deadline that
 * names what it waited for when it passes; --budget-s (default: generous, from the other options) bounds the whole
 * run: past it a watchdog prints the waits still open and exits 1, removing what the run created.
 */
import { parseArgs } from "node:util";
import { BENCH_ADMIN_PASSWORD } from "./bench/servers.ts";
import { Api, REQUEST_TIMEOUT_MS } from "./cluster/api.ts";
import {
  checkApprovals, checkCron, checkNotifications, checkRuns, checkSse, databaseSessions, runningOn, runStatusCounts, settle, type Check,
} from "./cluster/checks.ts";
import { createFixtures, runLoad } from "./cluster/load.ts";
import { killNode, NODE_READY_TIMEOUT_MS, startCluster, type Cluster } from "./cluster/processes.ts";
import { startReceiver } from "./cluster/receiver.ts";
import { openSseClient, type SseClient } from "./cluster/sse-clients.ts";
import { watchdog, within } from "./cluster/waits.ts";

type Options = { seconds: number; cronJobs: number; pauseMs: number; killAt: number; settleS: number; ssePerWeb: number; budgetS: number | null };

function options(): { setups: Array<"redis" | "pg">; serial: boolean; o: Options } {
  const { values } = parseArgs({
    options: {
      only: { type: "string" }, serial: { type: "boolean", default: false }, seconds: { type: "string", default: "30" }, "cron-jobs": { type: "string", default: "3" },
      "pause-ms": { type: "string", default: "250" }, "kill-at": { type: "string", default: "0.4" }, "settle-s": { type: "string", default: "40" },
      "sse-per-web": { type: "string", default: "2" }, "budget-s": { type: "string" },
    },
  });
  const num = (name: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) {
      console.error(`--${name} must be a number from ${min} to ${max} (got ${v})`);
      process.exit(2);
    }
    return n;
  };
  if (values.only && !["redis", "pg"].includes(values.only)) {
    console.error(`--only takes redis or pg (got ${values.only})`);
    process.exit(2);
  }
  return {
    setups: values.only ? [values.only as "redis" | "pg"] : ["redis", "pg"],
    serial: values.serial === true,
    o: {
      seconds: num("seconds", values.seconds, 5, 3600), cronJobs: num("cron-jobs", values["cron-jobs"], 1, 50),
      pauseMs: num("pause-ms", values["pause-ms"], 0, 10_000), killAt: num("kill-at", values["kill-at"], 0, 1),
      settleS: num("settle-s", values["settle-s"], 5, 600), ssePerWeb: num("sse-per-web", values["sse-per-web"], 1, 20),
      budgetS: values["budget-s"] === undefined ? null : num("budget-s", values["budget-s"], 30, 24 * 3600),
    },
  };
}

const log = (setup: string, msg: string) => console.log(`[${setup} ${new Date().toISOString().slice(11, 23)}] ${msg}`);

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** How long a setup may take in all before the watchdog ends the run (start-up, load, settling, checks, clean-up). */
const setupBudgetMs = (o: Options) => START_BUDGET_MS + (o.seconds + o.settleS + 5) * 1000 + REQUEST_TIMEOUT_MS + CHECKS_BUDGET_MS + CLEANUP_BUDGET_MS;
/** Starting the six processes: the first web process (it migrates), then the others, each within its readiness wait. */
const START_BUDGET_MS = 2 * NODE_READY_TIMEOUT_MS + 30_000;
const CHECKS_BUDGET_MS = 60_000;
const CLEANUP_BUDGET_MS = 90_000;
/** One check's queries. */
const CHECK_TIMEOUT_MS = 30_000;

/** What each setup is doing now, for the watchdog's message. */
const now = new Map<string, string>();

/** Runs one setup; `timing` collects the phases' durations for the summary. */
async function runSetup(setup: "redis" | "pg", o: Options, timing: string[]): Promise<Check[]> {
  const t0 = Date.now();
  const step = (what: string) => now.set(setup, what);
  const receiver = startReceiver();
  let cluster: Cluster | undefined;
  const streams: SseClient[] = [];
  const checks: Check[] = [];
  try {
    step("starting the processes");
    cluster = await startCluster({ setup, redis: setup === "redis", web: 2, workers: 2, schedulers: 2 });
    const c = cluster;
    timing.push(`start-up ${secs(Date.now() - t0)}`);
    const st = c.startTimes;
    log(setup, `${c.nodes.length} processes ready in ${secs(Date.now() - t0)} (database ${secs(st.databaseMs)}, web1 with the migrations ${secs(st.firstMs)}, the others ${secs(st.othersMs)}): ${c.nodes.map((n) => `${n.name.split("/")[1]}(${n.roles}) pid ${n.pid}`).join(", ")}`);
    const webs = c.nodes.filter((n) => n.role === "web").map((n) => new Api(n.name.split("/")[1]!, n.url));
    step("signing in and creating the fixtures on web1");
    await webs[0]!.login("admin", BENCH_ADMIN_PASSWORD);
    for (const w of webs.slice(1)) w.token = webs[0]!.token;
    const fx = await createFixtures(webs[0]!, { cronJobs: o.cronJobs, receiverUrl: receiver.url });
    // the first occurrence each job is sure to own: after the last job was created, with a margin for the timer
    const cronFrom = Date.now() + 1500;
    step("opening the SSE streams");
    for (const w of webs) for (let i = 1; i <= o.ssePerWeb; i++) streams.push(await openSseClient(`${w.name}/sse${i}`, w));
    const loadStart = new Date().toISOString();
    const loadEnd = Date.now() + o.seconds * 1000;
    const victims = [c.nodes.find((n) => n.name.endsWith("/worker2")), c.nodes.find((n) => n.name.endsWith("/scheduler2"))].filter((n) => n !== undefined);
    let held: string[] = [];
    const killer = (async () => {
      await Bun.sleep(o.seconds * 1000 * o.killAt);
      // kill the worker while it runs something (the slow job keeps one or two runs going), if that comes within 5 s
      const worker = victims.find((v) => v.role === "worker");
      if (worker) await settle(async () => (held = await runningOn(c.db, worker.pid)).length > 0, 5_000, 50, `the runs ${worker.name} holds`);
      await Promise.all(victims.map(killNode));
      log(setup, `SIGKILLed ${victims.map((v) => `${v.name.split("/")[1]} (pid ${v.pid})`).join(" and ")}; the worker was running ${held.length} run(s)`);
    })();
    killer.catch(() => {});
    log(setup, `load for ${o.seconds} s through ${webs.map((w) => w.name).join(" and ")}, ${streams.length} SSE streams open`);
    step(`load for ${o.seconds} s`);
    const inFlight = () => webs.flatMap((w) => w.describeInFlight()).join(", ") || "no request in flight";
    // each request ends within REQUEST_TIMEOUT_MS, so the lanes end within that of the load's end
    const stats = await within(`the load's lanes to end (${o.seconds} s of load)`, o.seconds * 1000 + REQUEST_TIMEOUT_MS + 10_000,
      runLoad(webs, { pauseMs: o.pauseMs, until: () => Date.now() >= loadEnd }), inFlight);
    await killer;
    const cronTo = Date.now() - 1500;
    step("pausing the cron jobs");
    for (const job of fx.cronJobs) await webs[1]!.ok("POST", `/jobs/${job.id}/pause`);
    log(setup, `load done: ${stats.apiRuns} API runs, ${stats.slowRuns} slow runs, ${stats.chatRuns} chat runs, ${stats.approvalsStarted} approvals, ${stats.errors.length} errors; settling`);

    const settleStart = Date.now();
    const phases: string[] = [];
    // each phase keeps what it saw last, so one that does not settle says where it stopped
    const phase = async (name: string, done: () => Promise<[boolean, string]>, ms: number) => {
      step(`settling: ${name}`);
      const t = Date.now();
      let last = "not polled";
      const ok = await settle(async () => {
        const [ok, seen] = await done();
        last = seen;
        return ok;
      }, ms, 250, name);
      phases.push(ok ? `${name} settled in ${secs(Date.now() - t)}` : `${name} NOT settled in ${secs(Date.now() - t)} (last seen: ${last})`);
    };
    const count = async (q: Promise<unknown>) => ((await q) as Array<{ n: number }>)[0]!.n;
    await phase("runs", async () => {
      const n = await count(c.db`SELECT COUNT(*)::int AS n FROM job_runs WHERE status IN ('queued', 'running')`);
      return [n === 0, `${n} run(s) queued or running`];
    }, o.settleS * 1000);
    await phase("deliveries", async () => {
      const n = await count(c.db`SELECT COUNT(*)::int AS n FROM notify_deliveries WHERE status = 'queued'`);
      return [n === 0, `${n} deliver(ies) queued`];
    }, Math.max(5_000, o.settleS * 1000 - (Date.now() - settleStart)));
    // a notification stored just now is published after its commit: give the streams a moment to catch up
    await phase("streams", async () => {
      const r = await c.db`SELECT id FROM notifications WHERE user_id = ${fx.adminId} AND created_at >= ${loadStart}` as Array<{ id: string }>;
      const behind = streams.map((s) => `${s.name} ${r.filter((row) => s.seen.has(row.id)).length}/${r.length}`);
      return [streams.every((s) => r.every((row) => s.seen.has(row.id))), behind.join(", ")];
    }, 5_000);
    timing.push(`load ${o.seconds} s`, ...phases);
    log(setup, `${phases.join(", ")}; runs: ${JSON.stringify(await within("the run status counts", CHECK_TIMEOUT_MS, runStatusCounts(c.db)))}`);

    step("checking the survivors' /readyz");
    const survivors = c.nodes.filter((n) => !n.killed);
    const alive = await Promise.all(survivors.map(async (n) => {
      const res = await fetch(`${n.url}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
      if (res?.status === 200) return null;
      const running = (() => {
        try {
          return process.kill(n.pid, 0);
        } catch {
          return false;
        }
      })();
      return `${n.name.split("/")[1]} pid ${n.pid} (${res ? `HTTP ${res.status}` : "no answer"}, process ${running ? "still running: hung" : "gone: it died"})`;
    }));
    const down = alive.filter((a) => a !== null);
    // a hung process: what its PostgreSQL connections were doing tells a pool deadlock from a stuck statement
    if (down.length) log(setup, `database sessions: ${JSON.stringify(await within("the cluster database's sessions", CHECK_TIMEOUT_MS, databaseSessions(c.db)).catch((e: Error) => e.message))}`);
    const check = async (name: string, run: () => Promise<Check>): Promise<Check> => {
      step(`check: ${name}`);
      return within(`the check "${name}"`, CHECK_TIMEOUT_MS, run).catch((e: Error) => ({ name, ok: false, detail: e.message }));
    };
    checks.push(
      { name: "load answered", ok: stats.errors.length === 0, detail: stats.errors.length ? `${stats.errors.length} failed: ${stats.errors.slice(0, 3).join(" | ")}` : `${stats.slowRuns + stats.apiRuns + stats.chatRuns + stats.approvalsStarted * 2} requests, none failed` },
      await check("cron exactly once", () => checkCron(c.db, fx, cronFrom, cronTo)),
      await check("every run ended", () => checkRuns(c.db, fx, stats, held)),
      await check("approvals decided", () => checkApprovals(c.db, stats)),
      await check("notifications exactly once", () => checkNotifications(c.db, receiver)),
      await check("SSE on every web process", () => checkSse(c.db, fx, loadStart, streams)),
      { name: "survivors ready", ok: down.length === 0, detail: down.length ? `not ready: ${down.join(", ")}` : `${survivors.length} processes answer /readyz` },
    );
  } catch (e) {
    checks.push({ name: "setup ran", ok: false, detail: `while ${now.get(setup)}: ${(e as Error).stack ?? String(e)}` });
  } finally {
    step("cleaning up");
    const cleanup = Date.now();
    for (const s of streams) s.close();
    const failure = await (cluster?.stop() ?? Promise.resolve()).then(() => null, (e: Error) => e.message);
    await within("the webhook receiver to stop", 10_000, receiver.stop()).catch(() => {});
    if (failure) checks.push({ name: "clean-up", ok: false, detail: failure });
    timing.push(`clean-up ${secs(Date.now() - cleanup)}`);
    log(setup, `cleaned up (database, ${setup === "redis" ? "Redis keys, " : ""}processes) after ${secs(Date.now() - t0)} in all`);
  }
  return checks;
}

const runStarted = Date.now();
const { setups, serial, o } = options();
const budgetMs = o.budgetS !== null ? o.budgetS * 1000 : (serial ? setups.length : 1) * setupBudgetMs(o);
// the last resort against a wait nobody bounded: print what is awaited and exit (the exit hooks clean up)
const dog = watchdog(budgetMs, () => [...now].map(([setup, what]) => `${setup}: ${what}`).join("; "));
const run = async (setup: "redis" | "pg"): Promise<{ setup: "redis" | "pg"; checks: Check[]; timing: string[]; ms: number }> => {
  const started = Date.now();
  const timing: string[] = [];
  const checks = await runSetup(setup, o, timing);
  now.set(setup, "done");
  return { setup, checks, timing, ms: Date.now() - started };
};
const results = [];
if (serial) for (const setup of setups) results.push(await run(setup));
else results.push(...(await Promise.all(setups.map(run))));
dog.stop();
let failed = 0;
const summary: string[] = [];
for (const { setup, checks, timing, ms } of results) {
  const bad = checks.filter((c) => !c.ok).length;
  failed += bad;
  summary.push(`\n== ${setup === "redis" ? "BullMQ on Redis + PostgreSQL" : "PostgreSQL alone (embedded queue)"}: ${bad ? `${bad} check(s) FAILED` : "all checks passed"} in ${(ms / 1000).toFixed(0)} s`);
  for (const c of checks) summary.push(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  summary.push(`  time: ${timing.join(", ")}`);
}
summary.push(`\n${results.length < 2 ? "1 setup" : `${results.length} setups ${serial ? "one after the other" : "at the same time"}`}: ${secs(Date.now() - runStarted)} in all`);
console.log(summary.join("\n"));
process.exit(failed ? 1 : 0);
