import { iso } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import { SCHEDULE_CHANNEL } from "../jobs.deps.ts";

/**
 * Fixed delay (`schedule: {delay_s}`): a job's cursor (`next_fire_at`) is set when the schedule
 * is (created, edited, enabled, resumed: then + delay). When it is due the scheduler fires it
 * unless a run of the job is queued or running, and either way sets the cursor to NULL: the job
 * waits. When none of its runs is left unfinished (retries included: a run waiting for its next
 * attempt is still queued), the cursor becomes the later of its last run's end and the time the
 * schedule was set, plus the delay. So two runs of the schedule never overlap, and an edit counts
 * from the edit. The cursor moves by compare-and-set from NULL, so two schedulers agree.
 */
const DELAY_SQL = `schedule LIKE '{"delay_s":%'`;

/** Enabled fixed-delay jobs whose cursor waits for a run to end, with what decides their next fire. */
type Waiting = { id: string; schedule: string; schedule_anchor: string | null; created_at: string; last_end: string | null; active: number | string };

/** Moves the cursor of each waiting job whose runs all ended; returns how many moved. */
export async function armWaitingDelays(db: Db): Promise<number> {
  const rows = await db.all<Waiting>(
    `SELECT j.id, j.schedule, j.schedule_anchor, j.created_at,
       (SELECT MAX(r.finished_at) FROM job_runs r WHERE r.job_id = j.id) AS last_end,
       (SELECT COUNT(*) FROM job_runs r WHERE r.job_id = j.id AND r.status IN ('queued', 'running')) AS active
     FROM jobs j WHERE j.status = 'enabled' AND j.next_fire_at IS NULL AND j.${DELAY_SQL}`,
  );
  let moved = 0;
  for (const row of rows) {
    if (Number(row.active) > 0) continue;
    const { delay_s } = JSON.parse(row.schedule) as { delay_s: number };
    const from = Math.max(row.last_end ? Date.parse(row.last_end) : 0, Date.parse(row.schedule_anchor ?? row.created_at));
    const next = iso(new Date(from + delay_s * 1000));
    const done = await db.get("UPDATE jobs SET next_fire_at = ? WHERE id = ? AND status = 'enabled' AND next_fire_at IS NULL RETURNING id", [next, row.id]);
    if (done) moved++;
  }
  return moved;
}

/** Of these jobs, those with a run queued or running (a due fixed delay waits for them). */
export async function jobsWithActiveRuns(db: Db, jobIds: string[]): Promise<Set<string>> {
  if (!jobIds.length) return new Set();
  const rows = await db.all<{ job_id: string }>(
    `SELECT DISTINCT job_id FROM job_runs WHERE job_id IN (${jobIds.map(() => "?").join(", ")}) AND status IN ('queued', 'running')`,
    jobIds,
  );
  return new Set(rows.map((r) => r.job_id));
}

/**
 * A run of this job reached a final status: if the job is a fixed delay waiting for it, the
 * schedulers are woken (they may be in another process) to set its next fire.
 */
export async function fixedDelayRunEnded(db: Db, jobId: string): Promise<void> {
  const waiting = await db.get(`SELECT id FROM jobs WHERE id = ? AND status = 'enabled' AND next_fire_at IS NULL AND ${DELAY_SQL}`, [jobId]);
  if (waiting) await db.notify(SCHEDULE_CHANNEL, "run-ended");
}
