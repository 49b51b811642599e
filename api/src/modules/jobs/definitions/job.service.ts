import { hasPermission, type Actor, type Page, type UserActor } from "@ops/shared";
import type { Job, JobLastRun, NextFires } from "@ops/shared/contracts/jobs.ts";
import { iso } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { Where, insertRow, paginate } from "../../../platform/db/query.ts";
import { JOBS_MANAGE, type JobsDeps } from "../jobs.deps.ts";
import { hasActiveRuns, jobNotFound, nameTaken } from "../jobs.errors.ts";
import { isFixedDelay, nextOccurrence, occurrencesAfter } from "../schedule/index.ts";
import type { CreateJobInput, ListJobsQuery } from "./job.schema.ts";
import { JOB_FROM, JOB_SELECT, findJobRow, loadJobRow, toJob, type JobRow } from "../job.store.ts";
import { validateDefinition, type JobDefinition } from "./validate.ts";

/** Data-scope columns of a job: its owner department, and who created it. */
export const JOB_SCOPE = { dept: "j.owner_department_id", owner: "j.created_by" };
const SORTABLE = { created_at: "j.created_at", updated_at: "j.updated_at", name: "j.name", next_fire_at: "j.next_fire_at", priority: "j.priority" };

const columnsOf = (d: JobDefinition) => ({
  name: d.name, description: d.description, type: d.type, config: JSON.stringify(d.config), params: JSON.stringify(d.params),
  schedule: d.schedule ? JSON.stringify(d.schedule) : null, misfire: d.misfire, catch_up_max: d.catch_up_max,
  retries: JSON.stringify(d.retries), timeout_s: d.timeout_s, concurrency: d.concurrency, priority: d.priority, shards: d.shards ?? 1,
  owner_department_id: d.owner_department_id, tags: JSON.stringify(d.tags), alerts: d.alerts ? JSON.stringify(d.alerts) : null,
});

/** What the audit keeps of a definition: everything but a script's source and HTTP headers (tokens live there). */
function auditView(job: Job) {
  const config = { ...job.config };
  if ("source" in config) config.source = `(${String(config.source).length} chars)`;
  if ("headers" in config && config.headers) config.headers = Object.fromEntries(Object.keys(config.headers as object).map((k) => [k, "***"]));
  return { name: job.name, type: job.type, config, params: job.params, schedule: job.schedule, retries: job.retries, timeout_s: job.timeout_s, concurrency: job.concurrency, shards: job.shards, owner_department_id: job.owner_department_id, status: job.status, tags: job.tags };
}

/**
 * HTTP header values (tokens live there) are shown only to those who may edit the job; viewers
 * and runners see the header names. The stored job is unchanged.
 */
export function forReader(actor: Actor, job: Job): Job {
  if (hasPermission(actor, JOBS_MANAGE) || job.type !== "http" || !job.config.headers) return job;
  const headers = Object.fromEntries(Object.keys(job.config.headers as object).map((k) => [k, "***"]));
  return { ...job, config: { ...job.config, headers } };
}

const isUniqueViolation = (e: unknown) => /unique|duplicate key/i.test(String((e as Error)?.message ?? e));

export function createJobDefinitions(deps: JobsDeps) {
  const { db, clock, scope } = deps;
  const now = () => clock.now();

  async function visibleRow(actor: Actor, idOrName: string): Promise<JobRow> {
    const row = await findJobRow(db, idOrName);
    if (!row) throw jobNotFound();
    const fragment = await scope(actor, JOB_SCOPE);
    if (fragment) {
      const seen = await db.get(`SELECT j.id FROM jobs j WHERE j.id = ? AND ${fragment.sql}`, [row.id, ...fragment.params]);
      if (!seen) throw jobNotFound();
    }
    return row;
  }

  async function ensureNameFree(name: string, exceptId?: string) {
    const other = await db.get<{ id: string }>("SELECT id FROM jobs WHERE name = ?", [name]);
    if (other && other.id !== exceptId) throw nameTaken(name);
  }

  async function create(actor: UserActor, input: CreateJobInput): Promise<Job> {
    const def = await validateDefinition(db, scope, actor, input);
    await ensureNameFree(def.name);
    const id = newId();
    const ts = now();
    try {
      await insertRow(db, "jobs", {
        id, ...columnsOf(def), status: "enabled",
        next_fire_at: def.schedule ? (nextOccurrence(def.schedule, ts, ts)?.toISOString() ?? null) : null,
        schedule_anchor: iso(ts), created_by: actor.userId, created_at: iso(ts), updated_at: iso(ts),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(def.name);
      throw e;
    }
    const job = toJob((await loadJobRow(db, id))!);
    noteAudit({ resourceType: "job", resourceId: id, after: auditView(job) });
    deps.onScheduleChange?.();
    return job;
  }

  async function update(actor: UserActor, idOrName: string, input: CreateJobInput): Promise<Job> {
    const before = toJob(await visibleRow(actor, idOrName));
    const def = await validateDefinition(db, scope, actor, input);
    await ensureNameFree(def.name, before.id);
    const ts = now();
    // A changed schedule counts from now: an edit never fires the occurrences it skipped over.
    const scheduleChanged = JSON.stringify(def.schedule) !== JSON.stringify(before.schedule);
    const timing = scheduleChanged
      ? { next_fire_at: def.schedule && before.status === "enabled" ? (nextOccurrence(def.schedule, ts, ts)?.toISOString() ?? null) : null, schedule_anchor: iso(ts) }
      : {};
    const cols = { ...columnsOf(def), ...timing, updated_at: iso(ts) };
    try {
      await db.run(`UPDATE jobs SET ${Object.keys(cols).map((c) => `${c} = ?`).join(", ")} WHERE id = ?`, [...Object.values(cols), before.id]);
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(def.name);
      throw e;
    }
    const after = toJob((await loadJobRow(db, before.id))!);
    noteAudit({ resourceType: "job", resourceId: before.id, before: auditView(before), after: auditView(after) });
    if (scheduleChanged) deps.onScheduleChange?.();
    return after;
  }

  async function remove(actor: UserActor, idOrName: string): Promise<{ id: string }> {
    const row = await visibleRow(actor, idOrName);
    const active = await db.get<{ c: number | string }>("SELECT COUNT(*) AS c FROM job_runs WHERE job_id = ? AND status IN ('queued', 'running')", [row.id]);
    if (Number(active?.c ?? 0) > 0) throw hasActiveRuns(Number(active!.c));
    await db.run("DELETE FROM jobs WHERE id = ?", [row.id]);
    // its open alert episodes go with it (a job re-created under the name starts with none)
    await db.run("DELETE FROM job_alert_episodes WHERE job_id = ?", [row.id]);
    noteAudit({ resourceType: "job", resourceId: row.id, before: auditView(toJob(row)) });
    deps.onScheduleChange?.();
    return { id: row.id };
  }

  /** Pause stops the schedule (runs already queued still run); resume counts from now, firing nothing missed. */
  async function setStatus(actor: UserActor, idOrName: string, status: "enabled" | "paused"): Promise<Job> {
    const row = await visibleRow(actor, idOrName);
    const before = toJob(row);
    const ts = now();
    const anchor = new Date(row.schedule_anchor ?? row.created_at);
    const next = status === "enabled" && before.schedule ? (nextOccurrence(before.schedule, ts, anchor)?.toISOString() ?? null) : null;
    if (before.status !== status) {
      await db.run("UPDATE jobs SET status = ?, next_fire_at = ?, updated_at = ? WHERE id = ?", [status, next, iso(ts), before.id]);
      deps.onScheduleChange?.();
    }
    const after = toJob((await loadJobRow(db, before.id))!);
    noteAudit({ resourceType: "job", resourceId: before.id, before: { status: before.status }, after: { status: after.status, next_fire_at: after.next_fire_at } });
    return after;
  }

  async function list(actor: Actor, q: ListJobsQuery): Promise<Page<Job>> {
    const w = new Where().eq("j.type", q.type).eq("j.status", q.status).eq("j.owner_department_id", q.owner_department_id);
    w.search(["j.name", "j.description"], q.q?.trim());
    if (q.tag) w.search(["j.tags"], `"${q.tag}"`);
    w.fragment(await scope(actor, JOB_SCOPE));
    const page = await paginate<JobRow, Job>(db, { select: JOB_SELECT, from: JOB_FROM, where: w, query: q, sortable: SORTABLE, defaultSort: "j.created_at DESC, j.id DESC", map: (r) => forReader(actor, toJob(r)) });
    const last = await lastRuns(db, page.items.map((j) => j.id));
    return { ...page, items: page.items.map((j) => ({ ...j, last_run: last.get(j.id) ?? null })) };
  }

  async function nextFires(actor: Actor, idOrName: string, count: number): Promise<NextFires> {
    const row = await visibleRow(actor, idOrName);
    const job = toJob(row);
    // a fixed delay knows its next fire only once the run before it ended (schedule/fixed-delay.ts)
    if (isFixedDelay(job.schedule)) {
      if (job.status !== "enabled") return { fires: [], timezone: null };
      return job.next_fire_at ? { fires: [job.next_fire_at], timezone: null, after_run: false } : { fires: [], timezone: null, after_run: true };
    }
    const anchor = new Date(row.schedule_anchor ?? row.created_at);
    const fires = job.status === "enabled" ? occurrencesAfter(job.schedule, now(), count, anchor).map((d) => d.toISOString()) : [];
    return { fires, timezone: job.schedule && "cron" in job.schedule ? job.schedule.timezone : null };
  }

  return {
    create, update, remove, list, nextFires,
    get: async (actor: Actor, idOrName: string) => forReader(actor, toJob(await visibleRow(actor, idOrName))),
    pause: (actor: UserActor, id: string) => setStatus(actor, id, "paused"),
    resume: (actor: UserActor, id: string) => setStatus(actor, id, "enabled"),
    /** the row behind a visible job (runs and backfills start from it) */
    visibleRow,
  };
}

export type JobDefinitions = ReturnType<typeof createJobDefinitions>;

/** The latest run of each job, in one statement for a page (the (job_id, queued_at) index answers each MAX). */
async function lastRuns(db: Db, jobIds: string[]): Promise<Map<string, JobLastRun>> {
  const out = new Map<string, JobLastRun>();
  if (!jobIds.length) return out;
  const rows = await db.all<JobLastRun & { job_id: string }>(
    `SELECT r.job_id, r.id, r.status, r.queued_at, r.finished_at FROM job_runs r
     WHERE r.job_id IN (${jobIds.map(() => "?").join(", ")})
       AND r.queued_at = (SELECT MAX(r2.queued_at) FROM job_runs r2 WHERE r2.job_id = r.job_id)
     ORDER BY r.id DESC`,
    jobIds,
  );
  for (const { job_id, ...run } of rows) if (!out.has(job_id)) out.set(job_id, run);
  return out;
}
