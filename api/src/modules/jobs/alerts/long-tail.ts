import type { Db } from "../../../platform/db/db.ts";

/** Fewer successful runs than this and there is no p95 to compare with. */
export const LONG_TAIL_MIN_RUNS = 5;

/** Nearest-rank p95 of durations (ms). */
export function p95(durations: number[]): number {
  const sorted = [...durations].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)]!;
}

/** Durations of the job's last `window` successful runs before this one, newest first. */
export async function recentSuccessDurations(db: Db, jobId: string, exceptRunId: string, window: number): Promise<number[]> {
  const rows = await db.all<{ duration_ms: number | string }>(
    `SELECT duration_ms FROM job_runs WHERE job_id = ? AND id <> ? AND status = 'succeeded' AND duration_ms IS NOT NULL
     ORDER BY finished_at DESC LIMIT ?`,
    [jobId, exceptRunId, window],
  );
  return rows.map((r) => Number(r.duration_ms));
}
