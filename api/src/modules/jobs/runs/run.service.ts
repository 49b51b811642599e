import type { Actor, Page, UserActor } from "@ops/shared";
import { RUN_STATUSES, RUN_TRIGGERS, type Job, type JobRun, type RunTrigger } from "@ops/shared/contracts/jobs.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { Where, paginate } from "../../../platform/db/query.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { CANCEL_CHANNEL } from "../jobs.deps.ts";
import { invalidFields, runFinished, runNotFound } from "../jobs.errors.ts";
import { advanceBackfill, enqueueAttempt } from "./attempt.ts";
import type { RunEvents } from "./run-events.ts";
import { readLog } from "./run-log.ts";
import { RUN_FROM, RUN_RETURNING, RUN_SELECT, isFinal, loadRunRow, toRun, type RunRow } from "./run.store.ts";

/** Data-scope columns of a run: the job's owner department when it was queued, and who triggered it. */
export const RUN_SCOPE = { dept: "r.owner_department_id", owner: "r.triggered_by" };
const SORTABLE = { queued_at: "r.queued_at", started_at: "r.started_at", finished_at: "r.finished_at", duration_ms: "r.duration_ms", created_at: "r.queued_at" };
/** How long a cancel waits for the running process to be gone before answering. */
const CANCEL_WAIT_MS = 5_000;

export type NewRun = {
  job: Job;
  trigger: RunTrigger;
  by: string | null;
  params?: Record<string, unknown>;
  scheduledFor?: Date | null;
  occurrenceKey?: string | null;
  bizDate?: string | null;
  backfillId?: string | null;
  /** false: stored queued but not on the queue yet (a backfill beyond its parallelism) */
  enqueue?: boolean;
  /**
   * A flow's step: the flow run and node it serves and its shard. `job.params` are replaced, not
   * merged (the flow merged them already); an inline step's `job` is stored as the run's
   * definition, so the executor runs that snapshot whatever is saved later.
   */
  flow?: { flowRunId: string; nodeKey: string; shardIndex: number; shardTotal: number; inline: boolean };
  /** one run alone whatever the job's shards (a retry): of this shard (index of total), or null: of none */
  shard?: { index: number; total: number } | null;
};

/** A shard's occurrence key: shard 0 keeps the trigger's, so a repeat of the trigger conflicts on it first. */
const shardKey = (key: string | null | undefined, i: number) => (key ? (i === 0 ? key : `${key}#${i}`) : null);

/** Where a request came from, as a run's trigger: chat (the bot), api (an API token), else manual. */
export function triggerOf(actor: UserActor): RunTrigger {
  return actor.via ? "chat" : actor.tokenId ? "api" : "manual";
}

export function createRunService(deps: JobsDeps, events: RunEvents) {
  const { db, clock, scope } = deps;

  /**
   * Stores a queued run and puts its first attempt on the queue after commit; null when its
   * occurrence key exists already. A job of N > 1 shards gets N runs in one transaction (the same
   * params, occurrence and data day; `{shardIndex}` 0..N-1), grouped under shard 0's id; the
   * answer is shard 0's run with `shard_runs`, every shard's id.
   */
  async function insertRun(n: NewRun): Promise<JobRun | null> {
    const total = n.flow || n.shard !== undefined ? 1 : Math.max(1, n.job.shards ?? 1);
    const ids = Array.from({ length: total }, () => newId());
    const group = total > 1 ? ids[0]! : null;
    const shardOf = (i: number) => n.flow ? { index: n.flow.shardIndex, total: n.flow.shardTotal } : n.shard !== undefined ? n.shard : group ? { index: i, total } : null;
    const now = iso(clock.now());
    const params = n.flow ? { ...n.params } : { ...n.job.params, ...n.params, ...(n.bizDate ? { bizDate: n.bizDate } : {}) };
    // a run's data day: the backfill's period, or a `bizDate` param; else the executor's default (the day before)
    const bizDate = n.bizDate ?? (typeof params.bizDate === "string" && /^\d{4}-\d{2}-\d{2}$/.test(params.bizDate) ? params.bizDate : null);
    // no run event here: nobody can follow a run before this answer names it
    const inserted = await db.tx(async () => {
      let first: RunRow | undefined;
      for (const [i, id] of ids.entries()) {
        const row = await db.get<RunRow>(
          `INSERT INTO job_runs (id, job_id, job_name, owner_department_id, status, trigger_kind, triggered_by, params, attempt, max_attempts,
            occurrence_key, scheduled_for, biz_date, backfill_id, enqueued, queued_at, updated_at, flow_run_id, node_key, shard_index, shard_total, shard_group, definition)
           VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (occurrence_key) DO NOTHING RETURNING ${RUN_RETURNING}`,
          [id, n.job.id, n.job.name, n.job.owner_department_id, n.trigger, n.by, JSON.stringify(params), n.job.retries.count + 1,
            shardKey(n.occurrenceKey, i), n.scheduledFor ? iso(n.scheduledFor) : null, bizDate, n.backfillId ?? null, n.enqueue === false ? 0 : 1, now, now,
            n.flow?.flowRunId ?? null, n.flow?.nodeKey ?? null, shardOf(i)?.index ?? null, shardOf(i)?.total ?? null, group,
            n.flow?.inline ? JSON.stringify(n.job) : null],
        );
        // the trigger was taken already (its shard 0's key exists): none of its shards is new
        if (!row && i === 0) return undefined;
        if (!row) continue;
        first ??= row;
        if (n.enqueue !== false) enqueueAttempt(deps, { id, attempt: 1, inline: !!n.flow?.inline }, n.job.priority);
      }
      return first;
    });
    if (!inserted) return null;
    return group ? { ...toRun(inserted), shard_runs: ids } : toRun(inserted);
  }

  async function visibleRun(actor: Actor, id: string): Promise<RunRow> {
    const fragment = await scope(actor, RUN_SCOPE);
    const row = await db.get<RunRow>(
      `SELECT ${RUN_SELECT} FROM ${RUN_FROM} WHERE r.id = ?${fragment ? ` AND ${fragment.sql}` : ""}`,
      [id, ...(fragment?.params ?? [])],
    );
    if (!row) throw runNotFound();
    return row;
  }

  async function list(actor: Actor, q: { page: number; page_size: number; sort?: string; job_id?: string; status?: string; trigger?: string; backfill_id?: string }): Promise<Page<JobRun>> {
    const w = new Where().eq("r.job_id", q.job_id).eq("r.backfill_id", q.backfill_id);
    const filter = (field: "status" | "trigger", column: string, known: readonly string[]) => {
      const values = (q[field] ?? "").split(",").map((x) => x.trim()).filter(Boolean);
      if (values.some((v) => !known.includes(v))) throw invalidFields([{ field, message: "validation.invalid_option", params: { options: known.join(", ") } }]);
      if (values.length) w.in(column, values);
    };
    filter("status", "r.status", RUN_STATUSES);
    filter("trigger", "r.trigger_kind", RUN_TRIGGERS);
    w.fragment(await scope(actor, RUN_SCOPE));
    return paginate<RunRow, JobRun>(db, { select: RUN_SELECT, from: RUN_FROM, where: w, query: q, sortable: SORTABLE, defaultSort: "r.queued_at DESC, r.id DESC", map: toRun });
  }

  /** Resolves once the run is final, or after `ms`; event-driven (run events), no polling. */
  async function waitFinal(id: string, ms: number): Promise<void> {
    const done = Promise.withResolvers<void>();
    const check = async () => {
      const row = await loadRunRow(db, id);
      if (!row || isFinal(row.status)) done.resolve();
    };
    const off = await events.subscribe(id, () => void check());
    const timer = setTimeout(done.resolve, ms);
    await check();
    await done.promise;
    clearTimeout(timer);
    off();
  }

  /**
   * A queued run is cancelled at once; a running one is asked to stop (its process group killed,
   * its request aborted) by whichever process runs it, and the answer waits up to 5 s for that.
   */
  async function cancel(actor: UserActor, id: string): Promise<JobRun> {
    const row = await visibleRun(actor, id);
    if (isFinal(row.status)) throw runFinished(row.status);
    await stop(row);
    noteAudit({ resourceType: "job_run", resourceId: id, before: { status: row.status }, after: { status: "cancelled", job: row.job_name } });
    return toRun((await loadRunRow(db, id))!);
  }

  /** Ends a run that is not final yet (its caller decided who may); waits like `cancel`. Flows cancel their steps so. */
  async function stop(row: RunRow): Promise<void> {
    const id = row.id;
    const now = iso(clock.now());
    const queued = await db.get<RunRow>(
      `UPDATE job_runs SET status = 'cancelled', reason = 'jobs.cancelled', finished_at = ?, updated_at = ?, cancel_requested = 1 WHERE id = ? AND status = 'queued' RETURNING ${RUN_RETURNING}`,
      [now, now, id],
    );
    if (!queued) {
      await db.run("UPDATE job_runs SET cancel_requested = 1, reason = 'jobs.cancelled', updated_at = ? WHERE id = ? AND status = 'running'", [now, id]);
      await db.notify(CANCEL_CHANNEL, id);
      await waitFinal(id, CANCEL_WAIT_MS);
    } else {
      await events.statusChanged(id, { row: queued });
      if (row.backfill_id) await advanceBackfill(deps, row.backfill_id);
    }
  }

  return {
    db, insertRun, list, cancel, waitFinal,
    /** cancels a run by id with no actor check or audit (the caller's own action is audited) */
    async stopRun(id: string) {
      const row = await loadRunRow(db, id);
      if (row && !isFinal(row.status)) await stop(row);
    },
    get: async (actor: Actor, id: string) => toRun(await visibleRun(actor, id)),
    async log(actor: Actor, id: string, afterSeq = 0) {
      const row = await visibleRun(actor, id);
      return { run: toRun(row), chunks: await readLog(db, id, afterSeq) };
    },
    visibleRun,
  };
}

export type RunService = ReturnType<typeof createRunService>;
