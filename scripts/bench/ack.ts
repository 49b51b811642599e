/**
 * Slack ack latency: signed `/ops help` slash commands, CONCURRENCY in flight, against the running
 * server: `bun api/src/main.ts` in a child process (SQLite in a temp dir, Slack pointed at the
 * stand-in that stays here), each row against a fresh process:
 *
 *   1. a bare Hono route (scripts/bench/ack-server.ts, also a child): the baseline, so the ratio
 *      survives a slower machine;
 *   2. OPS with OPS_ROLES=web,bot: intake only, every command acked and queued, nothing answers
 *      (the pure ack cost);
 *   3. OPS with the default roles: the workers answer while the load runs, as in a single-node
 *      install; the follow-ups are counted as the stand-in's chat.postMessage calls.
 *
 *   4. with `--web 1,2`: OPS intake (web,bot) as 1 and as 2 processes over one PostgreSQL database
 *      (DATABASE_URL, default the local server; a database of its own, dropped after), the load spread
 *      over the processes' ports, and the ratio 2/1 (scale-out, issue 14).
 *
 * Prints p50/p90/p99/max per row, the ratios against the bare route and how long row 3's
 * follow-ups took to drain. Exits 1 when any ack is not 200 (or a server fails). Not a test:
 *
 *   bun scripts/bench/ack.ts [--requests 2000] [--concurrency 50] [--warmup 100] [--web 1,2]
 *
 * The load client and the Slack stand-in share this process: the servers have their CPU to
 * themselves, up to what the machine has (on 2 cores the client and the server still compete).
 */
import { parseArgs } from "node:util";
import { slackHeaders, startSlackFake, type SlackApiCall, type SlackFake } from "../fakes/index.ts";
import { slashCommandBody } from "../fakes/slack-inbound.ts";
import { benchDatabase } from "./proc.ts";
import { startBare, startOps, type Server } from "./servers.ts";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "2000" }, concurrency: { type: "string", default: "50" }, warmup: { type: "string", default: "100" },
    web: { type: "string" },
  },
});
/** process counts of the PostgreSQL intake rows (none without --web) */
const WEB_COUNTS = (args.web ?? "").split(",").filter(Boolean).map(Number);
const PG_ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REQUESTS = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const WARMUP = Number(args.warmup);
const TARGET_P99_MS = 50;
/** `/ops help` from a user with no OPS account bound: the help card and the bind card. */
const POSTS_PER_COMMAND = 2;
/** The drain gives up when no follow-up arrives for this long (a stuck worker, not a slow one). */
const DRAIN_STALL_MS = 30_000;
const FORM = "application/x-www-form-urlencoded";
const PATH = "/bot/slack/events";

type Run = { latencies: number[]; errors: Array<{ status: number; detail: string }>; seconds: number };
type Stats = { p50: number; p90: number; p99: number; max: number };
type Drain = { expected: number; atEnd: number; answered: number; ms: number; complete: boolean };
type Row = { name: string; start(): Promise<Server[]>; answers: boolean };
type Result = { row: Row; run: Run; posted: number; drain?: Drain };

function startOpsFor(fake: SlackFake, roles: string | undefined, env: Record<string, string> = {}, name = `ops (${roles ?? "default roles"})`): Promise<Server> {
  return startOps(name, {
    SLACK_SIGNING_SECRET: fake.signingSecret,
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_API_URL: fake.apiUrl,
    ...(roles === undefined ? {} : { OPS_ROLES: roles }),
    ...env,
  });
}

/**
 * `count` intake processes (web,bot) over one new PostgreSQL database; the first migrates it before the others start.
 * Stopping the last one drops the database.
 */
async function startIntakeCluster(fake: SlackFake, count: number): Promise<Server[]> {
  const db = await benchDatabase(PG_ADMIN_URL, `ops_bench_ack_${process.pid}_${count}`);
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await startOpsFor(fake, "web,bot", { DATABASE_URL: db.url }, `ops intake ${i + 1}/${count} (postgresql)`));
  } catch (e) {
    for (const s of servers) await s.stop();
    await db.drop();
    throw e;
  }
  const last = servers.at(-1)!;
  return servers.map((s) => (s === last ? { ...s, stop: async () => (await s.stop(), await db.drop()) } : s));
}

/** Each request is a distinct slash command (fresh trigger_id: the bot dedupes on it), signed now. */
function slashCommand(fake: SlackFake, seq: number): { body: string; headers: Record<string, string> } {
  const trigger_id = `${Date.now()}.${process.pid}.${seq.toString(16).padStart(8, "0")}`;
  const body = slashCommandBody(fake.workspace, fake.url, fake.verificationToken, { command: "/ops", text: "help", trigger_id });
  return { body, headers: slackHeaders(fake.signingSecret, Math.floor(Date.now() / 1000), body, FORM) };
}

let seq = 0;

/** `count` requests, `concurrency` in flight (client i sends to urls[i mod n]); each timed from send to the end of the response body. */
async function load(urls: string[], fake: SlackFake, count: number, concurrency: number): Promise<Run> {
  const run: Run = { latencies: [], errors: [], seconds: 0 };
  let next = 0;
  const client = async (_: unknown, i: number) => {
    const url = urls[i % urls.length]!;
    while (next < count) {
      next++;
      const { body, headers } = slashCommand(fake, seq++);
      const started = performance.now();
      try {
        const res = await fetch(url, { method: "POST", headers, body });
        const text = await res.text();
        run.latencies.push(performance.now() - started);
        if (res.status !== 200) run.errors.push({ status: res.status, detail: text.slice(0, 200) });
      } catch (e) {
        run.latencies.push(performance.now() - started);
        run.errors.push({ status: 0, detail: (e as Error).message });
      }
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, client));
  run.seconds = (performance.now() - began) / 1000;
  return run;
}

const isPost = (call: SlackApiCall) => call.method === "chat.postMessage" && call.response.ok === true;
const postsSince = (fake: SlackFake, since: number) => fake.calls.items.slice(since).filter(isPost).length;

/** Resolves when `expected` successful chat.postMessage calls arrived since `since`, or when they stall. */
function drainPosts(fake: SlackFake, since: number, expected: number): Promise<Drain> {
  const started = performance.now();
  const atEnd = postsSince(fake, since);
  return new Promise((done) => {
    let answered = atEnd;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe = () => {};
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      done({ expected, atEnd, answered, ms: performance.now() - started, complete });
    };
    if (answered >= expected) return finish(true);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), DRAIN_STALL_MS);
    };
    unsubscribe = fake.calls.subscribe((call) => {
      if (!isPost(call)) return;
      if (++answered >= expected) finish(true);
      else arm();
    });
    arm();
  });
}

/** Nearest-rank percentiles. */
function stats(latencies: number[]): Stats {
  const sorted = latencies.toSorted((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

const ms = (v: number) => v.toFixed(2).padStart(8);

function report(name: string, run: Run): Stats {
  const s = stats(run.latencies);
  const rate = Math.round(run.latencies.length / run.seconds).toString().padStart(6);
  console.log(`  ${name.padEnd(28)} ${String(run.latencies.length).padStart(6)} ${String(run.errors.length).padStart(6)} ${rate} ${ms(s.p50)} ${ms(s.p90)} ${ms(s.p99)} ${ms(s.max)}`);
  const kinds = new Map<string, number>();
  for (const e of run.errors) kinds.set(`${e.status} ${e.detail}`, (kinds.get(`${e.status} ${e.detail}`) ?? 0) + 1);
  for (const [detail, n] of kinds) console.log(`    ! ${n}x ${detail}`);
  return s;
}

/** One row: a fresh server, warm-up (and its follow-ups drained, so the run starts level), the run. */
async function measure(row: Row, fake: SlackFake): Promise<{ result: Result; warmErrors: number }> {
  const servers = await row.start();
  try {
    const urls = servers.map((server) => `${server.url}${PATH}`);
    const warmMark = fake.calls.mark();
    const warm = await load(urls, fake, WARMUP, CONCURRENCY);
    for (const e of warm.errors.slice(0, 3)) console.error(`warm-up ${row.name}: ${e.status} ${e.detail}`);
    if (row.answers) {
      const warmDrain = await drainPosts(fake, warmMark, WARMUP * POSTS_PER_COMMAND);
      if (!warmDrain.complete) throw new Error(`${row.name}: warm-up follow-ups stalled at ${warmDrain.answered}/${warmDrain.expected} chat.postMessage`);
    }
    const mark = fake.calls.mark();
    const run = await load(urls, fake, REQUESTS, CONCURRENCY);
    const drain = row.answers ? await drainPosts(fake, mark, REQUESTS * POSTS_PER_COMMAND) : undefined;
    return { result: { row, run, posted: postsSince(fake, mark), drain }, warmErrors: warm.errors.length };
  } finally {
    for (const server of servers) await server.stop();
  }
}

const fake = await startSlackFake();
const rows: Row[] = [
  { name: "bare hono route", start: async () => [await startBare()], answers: false },
  { name: "ops intake (web,bot)", start: async () => [await startOpsFor(fake, "web,bot")], answers: false },
  { name: "ops single node (all roles)", start: async () => [await startOpsFor(fake, undefined)], answers: true },
  ...WEB_COUNTS.map((n): Row => ({ name: `ops intake x${n} (postgresql)`, start: () => startIntakeCluster(fake, n), answers: false })),
];
let failed = 0;
try {
  const results: Result[] = [];
  for (const row of rows) {
    const { result, warmErrors } = await measure(row, fake);
    failed += warmErrors + result.run.errors.length;
    results.push(result);
  }
  console.log(`ack bench: ${REQUESTS} signed "/ops help" slash commands, concurrency ${CONCURRENCY}, warm-up ${WARMUP}, each row a fresh server process`);
  console.log(`  ${"target".padEnd(28)} ${"reqs".padStart(6)} ${"errors".padStart(6)} ${"req/s".padStart(6)} ${"p50 ms".padStart(8)} ${"p90 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`);
  const [baseline, ...opsRows] = results.map((r) => ({ result: r, stats: report(r.row.name, r.run) }));
  for (const { result, stats: s } of opsRows) {
    console.log(`  ratio ${result.row.name} / bare: p50 ${(s.p50 / baseline!.stats.p50).toFixed(2)}x, p99 ${(s.p99 / baseline!.stats.p99).toFixed(2)}x`);
  }
  const scaled = opsRows.filter((r) => r.result.row.name.includes("(postgresql)"));
  for (const r of scaled.slice(1)) {
    const one = scaled[0]!;
    const rate = (x: typeof r) => x.result.run.latencies.length / x.result.run.seconds;
    console.log(`  ratio ${r.result.row.name} / ${one.result.row.name}: req/s ${(rate(r) / rate(one)).toFixed(2)}x, p99 ${(r.stats.p99 / one.stats.p99).toFixed(2)}x`);
  }
  for (const { result, stats: s } of opsRows) {
    const met = s.p99 <= TARGET_P99_MS;
    console.log(`  ${result.row.name} p99 ${s.p99.toFixed(2)} ms ${met ? "<=" : ">"} ${TARGET_P99_MS} ms target (${met ? "met" : "not met"})`);
  }
  for (const { result } of opsRows) {
    const { drain } = result;
    if (!drain) {
      console.log(`  ${result.row.name}: ${result.posted} chat.postMessage during its run (no worker role: nothing answers)`);
      continue;
    }
    console.log(
      `  ${result.row.name}: follow-ups ${drain.atEnd}/${drain.expected} chat.postMessage when the load ended, ` +
        (drain.complete ? `all answered ${Math.round(drain.ms)} ms later` : `stalled at ${drain.answered} (none for ${DRAIN_STALL_MS} ms)`),
    );
    if (!drain.complete) failed++;
  }
  const posted = fake.calls.items.filter(isPost).length;
  console.log(`  slack stand-in in all: ${posted} chat.postMessage, ${fake.responses.items.length} response_url posts, ${fake.calls.items.length} Web API calls`);
} catch (e) {
  failed++;
  console.error(e);
} finally {
  await fake.stop();
}
if (failed > 0) console.error(`ack bench FAILED: ${failed} request(s) not acked with 200 (or the bench broke)`);
process.exit(failed > 0 ? 1 : 0);
