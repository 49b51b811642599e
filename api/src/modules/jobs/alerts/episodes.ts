import type { JobAlertKind } from "@ops/shared/contracts/jobs.ts";
import { iso, type Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";

/**
 * Open problems of a job (or a flow: flows/alerts.ts), one row per (id, kind). Opening is one conditional insert, so only
 * one of several workers finishing failed runs at once gets to alert; closing deletes and says
 * which kinds were open, so only one recovery notice goes out.
 */
export function createEpisodes<K extends string = JobAlertKind>(db: Db, clock: Clock) {
  return {
    /** true: a new episode (alert now); false: one is already open (stay quiet). */
    async open(jobId: string, kind: K, runId: string | null): Promise<boolean> {
      const row = await db.get(
        `INSERT INTO job_alert_episodes (job_id, kind, run_id, opened_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (job_id, kind) DO NOTHING RETURNING kind`,
        [jobId, kind, runId, iso(clock.now())],
      );
      return Boolean(row);
    },
    /** Closes the given kinds; answers those that were open. */
    async close(jobId: string, kinds: readonly K[]): Promise<K[]> {
      if (!kinds.length) return [];
      const rows = await db.all<{ kind: K }>(
        `DELETE FROM job_alert_episodes WHERE job_id = ? AND kind IN (${kinds.map(() => "?").join(", ")}) RETURNING kind`,
        [jobId, ...kinds],
      );
      return rows.map((r) => r.kind);
    },
    async isOpen(jobId: string, kind: K): Promise<boolean> {
      return Boolean(await db.get("SELECT kind FROM job_alert_episodes WHERE job_id = ? AND kind = ?", [jobId, kind]));
    },
  };
}

export type Episodes = ReturnType<typeof createEpisodes>;
