/**
 * The cluster test's verdicts, read from the shared PostgreSQL database (and what the receiver and the SSE
 * clients saw). Each check answers ok plus a short detail naming what is wrong: which occurrence, run, delivery
 * or stream.
 */
import type { SQL } from "bun";
import type { Fixtures, LoadStats } from "./load.ts";
import { MANUAL_JOB } from "./load.ts";
import type { Receiver } from "./receiver.ts";
import type { SseClient } from "./sse-clients.ts";
import { within } from "./waits.ts";

export type Check = { name: string; ok: boolean; detail: string };

const list = (items: string[], max = 5) => (items.length > max ? `${items.slice(0, max).join(", ")} … (+${items.length - max})` : items.join(", "));
const second = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();

/** Every whole second in [fromMs, toMs] must have exactly one cron run per job (misfire policy catch_up: no gap is allowed). */
export async function checkCron(db: SQL, fx: Fixtures, fromMs: number, toMs: number): Promise<Check> {
  const problems: string[] = [];
  let expected = 0;
  let fired = 0;
  for (const job of fx.cronJobs) {
    const rows = await db`SELECT scheduled_for FROM job_runs WHERE job_id = ${job.id} AND trigger_kind = 'cron' AND scheduled_for IS NOT NULL` as Array<{ scheduled_for: string }>;
    const bySecond = new Map<string, number>();
    for (const r of rows) bySecond.set(second(r.scheduled_for), (bySecond.get(second(r.scheduled_for)) ?? 0) + 1);
    const gaps: string[] = [];
    const dups: string[] = [];
    for (let t = Math.ceil(fromMs / 1000) * 1000; t <= toMs; t += 1000) {
      const key = new Date(t).toISOString();
      const n = bySecond.get(key) ?? 0;
      expected++;
      fired += Math.min(n, 1);
      if (n === 0) gaps.push(key.slice(11, 19));
      if (n > 1) dups.push(`${key.slice(11, 19)}×${n}`);
    }
    if (gaps.length) problems.push(`${job.name} missed ${gaps.length} occurrence(s): ${list(gaps)}`);
    if (dups.length) problems.push(`${job.name} fired ${dups.length} occurrence(s) more than once: ${list(dups)}`);
  }
  const window = `${new Date(fromMs).toISOString().slice(11, 19)}–${new Date(toMs).toISOString().slice(11, 19)} UTC`;
  return { name: "cron exactly once", ok: problems.length === 0 && expected > 0, detail: problems.length ? problems.join("; ") : `${fired}/${expected} occurrences of ${fx.cronJobs.length} jobs in ${window}, each once` };
}

export async function runStatusCounts(db: SQL): Promise<Record<string, number>> {
  const rows = await db`SELECT status, COUNT(*)::int AS n FROM job_runs GROUP BY status ORDER BY status` as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Runs a worker process (by pid: run worker ids are `<pid>-<random>`) holds right now. */
export async function runningOn(db: SQL, pid: number): Promise<string[]> {
  const rows = await db`SELECT id FROM job_runs WHERE status = 'running' AND worker_id LIKE ${`${pid}-%`}` as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/**
 * No run left `queued` or `running` once the settle time (past the lease) is over; manual and chat runs all exist;
 * the runs the SIGKILLed worker held were taken up again and succeeded (every job has one retry).
 */
export async function checkRuns(db: SQL, fx: Fixtures, stats: LoadStats, held: string[]): Promise<Check> {
  const problems: string[] = [];
  const heldRows = held.length ? await db`SELECT id, status, attempt FROM job_runs WHERE id IN ${db(held)}` as Array<{ id: string; status: string; attempt: number }> : [];
  const lost = heldRows.filter((r) => r.status !== "succeeded");
  if (lost.length) problems.push(`${lost.length} run(s) of the killed worker did not succeed on another: ${list(lost.map((r) => `${r.id} ${r.status} attempt ${r.attempt}`))}`);
  const heldNote = held.length ? `the killed worker's ${held.length} running run(s) ${lost.length ? "not all taken up" : `all succeeded (attempts ${heldRows.map((r) => r.attempt).join(", ")}${heldRows.some((r) => r.attempt === 1) ? "; 1: it ended before the kill landed" : ""})`}` : "the killed worker held no run at the kill";
  return checkRunsEnded(db, fx, stats, problems, heldNote);
}

async function checkRunsEnded(db: SQL, fx: Fixtures, stats: LoadStats, problems: string[], heldNote: string): Promise<Check> {
  const stuck = await db`SELECT id, job_name, status, attempt, worker_id FROM job_runs WHERE status IN ('queued', 'running') ORDER BY queued_at` as Array<{ id: string; job_name: string; status: string; attempt: number; worker_id: string | null }>;
  const counts = await runStatusCounts(db);
  const byLane = await db`SELECT
      COUNT(*) FILTER (WHERE params LIKE '%"lane":"api"%')::int AS api,
      COUNT(*) FILTER (WHERE params LIKE '%"lane":"slow"%')::int AS slow,
      COUNT(*) FILTER (WHERE params LIKE '%"lane":"chat"%')::int AS chat
    FROM job_runs` as Array<{ api: number; slow: number; chat: number }>;
  const again = await db`SELECT COUNT(*)::int AS n FROM job_runs WHERE attempt > 1` as Array<{ n: number }>;
  if (stuck.length) problems.push(`${stuck.length} run(s) never ended: ${list(stuck.map((r) => `${r.job_name}/${r.id} ${r.status} attempt ${r.attempt} on ${r.worker_id ?? "no worker"}`))}`);
  if (byLane[0]!.slow !== stats.slowRuns) problems.push(`${stats.slowRuns} slow runs answered but ${byLane[0]!.slow} stored`);
  if (byLane[0]!.api !== stats.apiRuns) problems.push(`${stats.apiRuns} API runs answered but ${byLane[0]!.api} stored`);
  if (byLane[0]!.chat !== stats.chatRuns) problems.push(`${stats.chatRuns} chat runs of ${MANUAL_JOB} answered but ${byLane[0]!.chat} stored`);
  const summary = `${Object.entries(counts).map(([s, n]) => `${s} ${n}`).join(", ")}; ${again[0]!.n} on a second attempt; ${heldNote}`;
  return { name: "every run ended", ok: problems.length === 0, detail: problems.length ? `${problems.join("; ")} (${summary})` : summary };
}

export async function checkApprovals(db: SQL, stats: LoadStats): Promise<Check> {
  if (!stats.instanceIds.length) return { name: "approvals decided", ok: false, detail: "no approval was started" };
  const rows = await db`SELECT id, status FROM approval_instances WHERE id IN ${db(stats.instanceIds)}` as Array<{ id: string; status: string }>;
  const open = rows.filter((r) => r.status !== "approved");
  const missing = stats.instanceIds.length - rows.length;
  const ok = open.length === 0 && missing === 0;
  return {
    name: "approvals decided", ok,
    detail: ok ? `${rows.length} approved (${stats.approvedViaApi} over the API, ${stats.approvedViaChat} from chat)` : `${open.length} not approved: ${list(open.map((r) => `${r.id} ${r.status}`))}; ${missing} missing`,
  };
}

/**
 * Inbox rows: one per event and recipient. Deliveries: none left queued, at most one `sent` per delivery, every
 * webhook delivery sent and received; a repeat at the receiver is allowed only after an interrupted attempt (a
 * worker killed mid-POST: at-least-once, receivers drop repeats by X-OPS-Delivery).
 */
export async function checkNotifications(db: SQL, receiver: Receiver): Promise<Check> {
  const problems: string[] = [];
  const inbox = await db`SELECT COUNT(*)::int AS n FROM notifications` as Array<{ n: number }>;
  const dupInbox = await db`SELECT event_id, user_id, COUNT(*)::int AS n FROM notifications GROUP BY event_id, user_id HAVING COUNT(*) > 1` as Array<{ event_id: string; user_id: string; n: number }>;
  if (dupInbox.length) problems.push(`${dupInbox.length} event(s) in an inbox more than once: ${list(dupInbox.map((r) => `${r.event_id}→${r.user_id}×${r.n}`))}`);
  const deliveries = await db`SELECT d.id, d.channel, d.status, d.type,
      (SELECT COUNT(*)::int FROM notify_send_log l WHERE l.delivery_id = d.id AND l.status = 'sent') AS sent,
      (SELECT COUNT(*)::int FROM notify_send_log l WHERE l.delivery_id = d.id AND l.status = 'retry' AND l.error = 'notify.attempt_interrupted') AS interrupted
    FROM notify_deliveries d` as Array<{ id: string; channel: string; status: string; type: string; sent: number; interrupted: number }>;
  const unfinished = deliveries.filter((d) => d.status === "queued");
  if (unfinished.length) problems.push(`${unfinished.length} deliver(ies) never finished: ${list(unfinished.map((d) => `${d.channel}/${d.id}`))}`);
  const twice = deliveries.filter((d) => d.sent > 1);
  if (twice.length) problems.push(`${twice.length} deliver(ies) logged sent more than once: ${list(twice.map((d) => `${d.channel}/${d.id}×${d.sent}`))}`);
  const hooks = deliveries.filter((d) => d.channel === "webhook");
  // The receiver takes everything: every webhook delivery must be sent, once. The admin's preferences switch the
  // other channels off, but a critical notice bypasses them and then fails for good (no address): ended, not lost.
  const notSent = hooks.filter((d) => d.status !== "sent" || d.sent !== 1);
  if (notSent.length) problems.push(`${notSent.length} webhook deliver(ies) not sent exactly once: ${list(notSent.map((d) => `${d.type} ${d.id} ${d.status} sent×${d.sent}`))}`);
  const lost = hooks.filter((d) => d.status === "sent" && !receiver.received.has(d.id));
  if (lost.length) problems.push(`${lost.length} webhook deliver(ies) logged sent but never received: ${list(lost.map((d) => d.id))}`);
  const repeated = hooks.filter((d) => (receiver.received.get(d.id) ?? 0) > 1 + d.interrupted);
  if (repeated.length) problems.push(`${repeated.length} webhook deliver(ies) received more often than attempted: ${list(repeated.map((d) => `${d.id}×${receiver.received.get(d.id)}`))}`);
  if (!hooks.length) problems.push("no webhook delivery was made (the load's notifications did not reach the notify worker)");
  const byChannel = new Map<string, number>();
  for (const d of deliveries) {
    const key = d.channel === "webhook" ? `webhook ${d.status}` : `${d.channel} ${d.status} (${d.type})`;
    byChannel.set(key, (byChannel.get(key) ?? 0) + 1);
  }
  const summary = `${inbox[0]!.n} inbox rows, deliveries: ${[...byChannel].map(([k, n]) => `${k} ${n}`).join(", ")}, ${receiver.received.size} webhook ids received`;
  return { name: "notifications exactly once", ok: problems.length === 0, detail: problems.length ? `${problems.join("; ")} (${summary})` : summary };
}

/** Every inbox row the user got since the load began reached every stream on every web process, once each. */
export async function checkSse(db: SQL, fx: Fixtures, sinceIso: string, clients: SseClient[]): Promise<Check> {
  const rows = await db`SELECT id FROM notifications WHERE user_id = ${fx.adminId} AND created_at >= ${sinceIso}` as Array<{ id: string }>;
  const problems: string[] = [];
  for (const c of clients) {
    const missing = rows.filter((r) => !c.seen.has(r.id)).map((r) => r.id);
    const dups = [...c.seen].filter(([, n]) => n > 1).map(([id, n]) => `${id}×${n}`);
    if (missing.length) problems.push(`${c.name} missed ${missing.length}/${rows.length}`);
    if (dups.length) problems.push(`${c.name} got ${dups.length} more than once: ${list(dups, 3)}`);
    if (c.endedEarly) problems.push(`${c.name} stream ended: ${c.endedEarly}`);
  }
  if (!rows.length) problems.push("no notification was created during the load");
  return {
    name: "SSE on every web process", ok: problems.length === 0,
    detail: problems.length ? problems.join("; ") : `${clients.length} streams each saw all ${rows.length} notifications once`,
  };
}

/** The cluster database's sessions but ours, grouped by state, wait and statement (for a hung process's report). */
export async function databaseSessions(db: SQL): Promise<unknown[]> {
  return await db`SELECT state, wait_event_type, wait_event, LEFT(query, 160) AS query, COUNT(*)::int AS n, MAX(EXTRACT(EPOCH FROM now() - state_change))::int AS max_s
    FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
    GROUP BY 1, 2, 3, 4 ORDER BY n DESC LIMIT 30`;
}

/** One poll of the store may take this long before the wait is reported as hung (naming what it polled). */
export const POLL_TIMEOUT_MS = 10_000;

/**
 * Waits (polling the store: nothing else tells us) until `done()` or the deadline; answers whether done. Each poll
 * is bounded too: one that does not answer within POLL_TIMEOUT_MS fails with `what` it was polling for.
 */
export async function settle(done: () => Promise<boolean>, deadlineMs: number, everyMs = 250, what = "a condition"): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await within(`one poll of ${what}`, POLL_TIMEOUT_MS, done)) return true;
    if (Date.now() > end) return false;
    await Bun.sleep(everyMs);
  }
}
