import type { UserActor } from "@ops/shared";
import type { Job, RunStatus } from "@ops/shared/contracts/jobs.ts";
import { JOB_LIMITS } from "@ops/shared/contracts/jobs.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { invalidFields } from "../jobs.errors.ts";
import { notFound } from "@ops/shared";
import type { RunService } from "./run.service.ts";

export type BackfillProgress = {
  id: string;
  job_id: string;
  from: string;
  to: string;
  parallelism: number;
  total: number;
  counts: Partial<Record<RunStatus, number>>;
  done: number;
  finished: boolean;
};

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * Backfill: one run per calendar day from..to (inclusive), `bizDate` set to that day, at most
 * `parallelism` on the queue at once; the next goes on as one ends. Each period's run is keyed
 * `backfill:<id>:<day>`, so it is created once.
 */
export function createBackfills(deps: JobsDeps, runs: RunService) {
  const { db, clock } = deps;

  async function start(actor: UserActor, job: Job, input: { from: string; to: string; parallelism: number; params: Record<string, unknown> }) {
    if (input.from > input.to) throw invalidFields([{ field: "to", message: "jobs.backfill_range_reversed" }]);
    const periods = days(input.from, input.to);
    if (periods.length > JOB_LIMITS.backfillMaxPeriods) throw invalidFields([{ field: "to", message: "jobs.backfill_too_long", params: { max: JOB_LIMITS.backfillMaxPeriods } }]);
    const id = newId();
    await db.tx(async () => {
      await db.run("INSERT INTO job_backfills (id, job_id, from_date, to_date, parallelism, total, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        id, job.id, input.from, input.to, input.parallelism, periods.length, actor.userId, iso(clock.now()),
      ]);
      for (const [i, day] of periods.entries()) {
        await runs.insertRun({ job, trigger: "backfill", by: actor.userId, params: input.params, bizDate: day, backfillId: id, occurrenceKey: `backfill:${id}:${day}`, enqueue: i < input.parallelism });
      }
    });
    noteAudit({ resourceType: "job", resourceId: job.id, after: { backfill_id: id, from: input.from, to: input.to, parallelism: input.parallelism, periods: periods.length } });
    return progress(job.id, id);
  }

  async function progress(jobId: string, backfillId: string): Promise<BackfillProgress> {
    const b = await db.get<{ id: string; job_id: string; from_date: string; to_date: string; parallelism: number | string; total: number | string }>(
      "SELECT * FROM job_backfills WHERE id = ? AND job_id = ?", [backfillId, jobId],
    );
    if (!b) throw notFound("jobs.backfill_not_found");
    const rows = await db.all<{ status: RunStatus; c: number | string }>("SELECT status, COUNT(*) AS c FROM job_runs WHERE backfill_id = ? GROUP BY status", [backfillId]);
    const counts = Object.fromEntries(rows.map((r) => [r.status, Number(r.c)])) as Partial<Record<RunStatus, number>>;
    const done = rows.filter((r) => r.status !== "queued" && r.status !== "running").reduce((n, r) => n + Number(r.c), 0);
    return { id: b.id, job_id: b.job_id, from: b.from_date, to: b.to_date, parallelism: Number(b.parallelism), total: Number(b.total), counts, done, finished: done === Number(b.total) };
  }

  return { start, progress };
}
