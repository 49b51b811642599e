import type { Job } from "@ops/shared/contracts/jobs.ts";
import type { Db } from "../../../platform/db/db.ts";
import { JOB_FROM, JOB_SELECT, toJob, type JobRow } from "../job.store.ts";

export type MissedStart = { job: Job; runId: string | null; due: string };

/**
 * Occurrences of jobs with a missed-start grace that are overdue by more than it: either the
 * scheduler never fired them (next_fire_at long past: scheduler down or paused by the kill
 * switch), or it did and no worker started the run (a queued first attempt).
 */
export async function findMissedStarts(db: Db, now: Date): Promise<MissedStart[]> {
  const rows = await db.all<JobRow>(
    `SELECT ${JOB_SELECT} FROM ${JOB_FROM} WHERE j.status = 'enabled' AND j.alerts LIKE '%missed_start_grace_s%'`,
  );
  const out: MissedStart[] = [];
  for (const row of rows) {
    const job = toJob(row);
    const grace = job.alerts.missed_start_grace_s;
    if (!grace) continue;
    const cutoff = now.getTime() - grace * 1000;
    const queued = await db.get<{ id: string; scheduled_for: string }>(
      `SELECT id, scheduled_for FROM job_runs WHERE job_id = ? AND status = 'queued' AND started_at IS NULL AND scheduled_for IS NOT NULL
       AND attempt = 1 ORDER BY scheduled_for LIMIT 1`,
      [job.id],
    );
    if (queued && Date.parse(queued.scheduled_for) < cutoff) out.push({ job, runId: queued.id, due: queued.scheduled_for });
    else if (job.next_fire_at && Date.parse(job.next_fire_at) < cutoff) out.push({ job, runId: null, due: job.next_fire_at });
  }
  return out;
}
