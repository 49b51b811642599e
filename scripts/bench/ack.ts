/**
 * Slack ack latency: signed `/ops help` slash commands, CONCURRENCY in flight, against the whole
 * server (system + bot attached, workers running, so the follow-up work competes for the CPU as
 * in production), and against a bare Hono route measured in the same run (so the ratio survives a
 * slower machine). Prints p50/p90/p99/max per target, the ratio, and how long the follow-up jobs
 * took to drain. Exits 1 when any ack is not 200. Not a test:
 *
 *   bun scripts/bench/ack.ts [--requests 2000] [--concurrency 50] [--warmup 100]
 *
 * The client runs in the same process as both servers (same for both targets): the figures are
 * what one process does with both ends of the socket, not what Slack would measure.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Hono } from "hono";
import { parseEnv } from "../../api/src/env.ts";
import { buildSystem, type System } from "../../api/src/system.ts";
import { attachBot } from "../../bot/src/wire.ts";
import { CHAT_INBOUND_QUEUE } from "../../bot/src/core/queue-port.ts";
import { slackHeaders, startSlackFake, type SlackFake } from "../fakes/index.ts";
import { slashCommandBody } from "../fakes/slack-inbound.ts";

const { values: args } = parseArgs({
  options: { requests: { type: "string", default: "2000" }, concurrency: { type: "string", default: "50" }, warmup: { type: "string", default: "100" } },
});
const REQUESTS = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const WARMUP = Number(args.warmup);
const TARGET_P99_MS = 50;
const DRAIN_TIMEOUT_MS = 300_000;
const FORM = "application/x-www-form-urlencoded";
const PATH = "/bot/slack/events";

type Run = { latencies: number[]; errors: Array<{ status: number; detail: string }>; seconds: number };
type Stats = { p50: number; p90: number; p99: number; max: number };

/** Each request is a distinct slash command (fresh trigger_id: the bot dedupes on it), signed now. */
function slashCommand(fake: SlackFake, seq: number): { body: string; headers: Record<string, string> } {
  const trigger_id = `${Date.now()}.${process.pid}.${seq.toString(16).padStart(8, "0")}`;
  const body = slashCommandBody(fake.workspace, fake.url, fake.verificationToken, { command: "/ops", text: "help", trigger_id });
  return { body, headers: slackHeaders(fake.signingSecret, Math.floor(Date.now() / 1000), body, FORM) };
}

let seq = 0;

/** `count` requests, `concurrency` in flight; each timed from send to the end of the response body. */
async function load(url: string, fake: SlackFake, count: number, concurrency: number): Promise<Run> {
  const run: Run = { latencies: [], errors: [], seconds: 0 };
  let next = 0;
  const client = async () => {
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

/** Nearest-rank percentiles. */
function stats(latencies: number[]): Stats {
  const sorted = latencies.toSorted((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

/** Resolves once the inbound queue has nothing waiting, delayed or running; woken by job outcomes or due work. */
function idleWaiter(system: System) {
  let outcomes = 0;
  const listeners = new Set<() => void>();
  const nextOutcome = (after: number) => new Promise<void>((resolve) => {
    const check = () => outcomes > after && (listeners.delete(check), resolve());
    listeners.add(check);
    check();
  });
  return {
    onJobEvent(e: { queue: string; type: string }) {
      if (e.queue !== CHAT_INBOUND_QUEUE) return;
      outcomes++;
      for (const l of listeners) l();
    },
    async pending(): Promise<number> {
      const s = await system.queue.stats(CHAT_INBOUND_QUEUE);
      return s.waiting + s.delayed + s.active;
    },
    async idle(): Promise<void> {
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      for (;;) {
        const seen = outcomes;
        const s = await system.queue.stats(CHAT_INBOUND_QUEUE);
        if (s.waiting + s.delayed + s.active === 0) return;
        if (Date.now() > deadline) throw new Error(`${CHAT_INBOUND_QUEUE} not drained after ${DRAIN_TIMEOUT_MS} ms`);
        // waitForWork returns at once while jobs are waiting (it means "reserve now"): then only an
        // outcome can change the picture; otherwise it also wakes us when a retry falls due.
        // A 1 s recheck keeps the deadline honest should no worker report at all.
        const wake = AbortSignal.timeout(1_000);
        const recheck = new Promise<void>((resolve) => wake.addEventListener("abort", () => resolve(), { once: true }));
        await Promise.race([nextOutcome(seen), s.waiting > 0 ? recheck : system.queue.waitForWork(CHAT_INBOUND_QUEUE, wake)]);
      }
    },
  };
}

const ms = (v: number) => v.toFixed(2).padStart(8);

function report(name: string, run: Run): Stats {
  const s = stats(run.latencies);
  const rate = Math.round(run.latencies.length / run.seconds).toString().padStart(6);
  console.log(`  ${name.padEnd(26)} ${String(run.latencies.length).padStart(6)} ${String(run.errors.length).padStart(6)} ${rate} ${ms(s.p50)} ${ms(s.p90)} ${ms(s.p99)} ${ms(s.max)}`);
  const kinds = new Map<string, number>();
  for (const e of run.errors) kinds.set(`${e.status} ${e.detail}`, (kinds.get(`${e.status} ${e.detail}`) ?? 0) + 1);
  for (const [detail, n] of kinds) console.log(`    ! ${n}x ${detail}`);
  return s;
}

const dataDir = mkdtempSync(join(tmpdir(), "ops-bench-ack-"));
// Interrupted mid-run: at least leave no database behind.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(130);
  });
}
const fake = await startSlackFake();
const env = parseEnv({
  OPS_DATA_DIR: dataDir,
  OPS_SECRET_KEY: "bench-secret-key-0123456789",
  OPS_ADMIN_PASSWORD: "Bench@12345",
  OPS_LOG_LEVEL: "error",
  OPS_PWA_DIST: join(dataDir, "no-pwa"),
  SLACK_SIGNING_SECRET: fake.signingSecret,
  SLACK_BOT_TOKEN: fake.botToken,
  SLACK_API_URL: fake.apiUrl,
});
const system = await buildSystem(env);
const waiter = idleWaiter(system);
const attached = await attachBot(system, { onJobEvent: (e) => waiter.onJobEvent(e) });
const ops = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: attached.fetch });
const bare = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: new Hono().post(PATH, (c) => c.body(null, 200)).fetch });

let failed = 0;
try {
  const targets = [
    { name: "bare hono route", url: `http://127.0.0.1:${bare.port}${PATH}` },
    { name: "ops (bot attached)", url: `http://127.0.0.1:${ops.port}${PATH}` },
  ];
  const runs: Run[] = [];
  for (const target of targets) {
    // Warm-up (JIT, connections, Bolt), then let its follow-up jobs finish so each run starts level.
    const warm = await load(target.url, fake, WARMUP, CONCURRENCY);
    failed += warm.errors.length;
    for (const e of warm.errors.slice(0, 3)) console.error(`warm-up ${target.name}: ${e.status} ${e.detail}`);
    await waiter.idle();
    runs.push(await load(target.url, fake, REQUESTS, CONCURRENCY));
  }
  const queuedAtEnd = await waiter.pending();
  const before = await system.queue.stats(CHAT_INBOUND_QUEUE);
  const drainStarted = performance.now();
  await waiter.idle();
  const drainMs = performance.now() - drainStarted;
  const after = await system.queue.stats(CHAT_INBOUND_QUEUE);

  console.log(`ack bench: ${REQUESTS} signed "/ops help" slash commands, concurrency ${CONCURRENCY}, warm-up ${WARMUP}`);
  console.log(`  ${"target".padEnd(26)} ${"reqs".padStart(6)} ${"errors".padStart(6)} ${"req/s".padStart(6)} ${"p50 ms".padStart(8)} ${"p90 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`);
  const [baseline, measured] = targets.map((t, i) => report(t.name, runs[i]!));
  failed += runs.reduce((n, r) => n + r.errors.length, 0);
  console.log(`  ratio ops/bare: p50 ${(measured!.p50 / baseline!.p50).toFixed(2)}x, p99 ${(measured!.p99 / baseline!.p99).toFixed(2)}x`);
  console.log(`  ops p99 ${measured!.p99.toFixed(2)} ms ${measured!.p99 <= TARGET_P99_MS ? "<=" : ">"} ${TARGET_P99_MS} ms target (${measured!.p99 <= TARGET_P99_MS ? "met" : "not met"})`);
  console.log(
    `  follow-up jobs: ${queuedAtEnd} still queued when the load ended, drained in ${Math.round(drainMs)} ms` +
      ` (completed +${after.completed - before.completed}, dead +${after.dead - before.dead}, dead in total ${after.dead})`,
  );
  const posted = fake.calls.items.filter((c) => c.method === "chat.postMessage").length;
  console.log(`  slack stand-in: ${posted} chat.postMessage, ${fake.responses.items.length} response_url posts, ${fake.calls.items.length} Web API calls in all`);
} catch (e) {
  failed++;
  console.error(e);
} finally {
  await ops.stop(true);
  await bare.stop(true);
  await attached.stop();
  await fake.stop();
  await system.close();
  rmSync(dataDir, { recursive: true, force: true });
}
if (failed > 0) console.error(`ack bench FAILED: ${failed} request(s) not acked with 200 (or the bench broke)`);
process.exit(failed > 0 ? 1 : 0);
