import type { Actor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import type { Clock } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/db.ts";
import { SCHEDULE_CHANNEL } from "../jobs.deps.ts";

/**
 * The global kill switch: while paused no scheduler fires anything (manual runs still work).
 * Occurrences due meanwhile are misfires when it is lifted, handled by each job's policy.
 */
export type SchedulerState = { paused: boolean; updated_by: string | null; updated_at: string | null };

export async function isSchedulerPaused(db: Db): Promise<boolean> {
  const row = await db.get<{ value: string }>("SELECT value FROM job_scheduler_state WHERE key = 'paused'");
  return row?.value === "1";
}

export async function schedulerState(db: Db): Promise<SchedulerState> {
  const row = await db.get<{ value: string; updated_by: string | null; updated_at: string }>("SELECT value, updated_by, updated_at FROM job_scheduler_state WHERE key = 'paused'");
  return { paused: row?.value === "1", updated_by: row?.updated_by ?? null, updated_at: row?.updated_at ?? null };
}

export async function setSchedulerPaused(db: Db, clock: Clock, actor: Actor, paused: boolean): Promise<SchedulerState> {
  const before = await schedulerState(db);
  const by = actor.kind === "user" ? actor.userId : null;
  await db.run(
    `INSERT INTO job_scheduler_state (key, value, updated_by, updated_at) VALUES ('paused', ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [paused ? "1" : "0", by, iso(clock.now())],
  );
  await db.notify(SCHEDULE_CHANNEL, "kill-switch");
  noteAudit({ resourceType: "job_scheduler", resourceId: "scheduler", before: { paused: before.paused }, after: { paused } });
  return schedulerState(db);
}
