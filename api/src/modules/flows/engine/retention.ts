import { DEFAULT_LOCALE, systemActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { FlowsDeps } from "../flows.deps.ts";

export type FlowRetentionOptions = { keepDays: number; keepLatest?: number; batch?: number };
export type FlowRetentionResult = { cutoff: string | null; flow_runs: number; step_runs: number; logs: number };

const DAY_MS = 86_400_000;

/**
 * Deletes old flow runs with their nodes, their step runs (job runs) and those runs' log lines, in
 * one transaction per batch, so an instance never loses part of its history (the jobs retention
 * leaves step runs alone). Kept: each flow's latest `keepLatest` runs, any run not final, and a
 * final one with a step still queued or running (a cancel still stopping it). Idempotent.
 */
export async function purgeFlowRuns(deps: Pick<FlowsDeps, "db" | "clock">, options: FlowRetentionOptions): Promise<FlowRetentionResult> {
  const { db, clock } = deps;
  if (options.keepDays <= 0) return { cutoff: null, flow_runs: 0, step_runs: 0, logs: 0 };
  const keepLatest = Math.max(0, options.keepLatest ?? 20);
  const batch = Math.max(1, options.batch ?? 200);
  const cutoff = iso(new Date(clock.now().getTime() - options.keepDays * DAY_MS));
  const result: FlowRetentionResult = { cutoff, flow_runs: 0, step_runs: 0, logs: 0 };
  const flows = await db.all<{ flow_id: string }>("SELECT DISTINCT flow_id FROM flow_runs WHERE status IN ('succeeded', 'failed', 'cancelled') AND queued_at < ?", [cutoff]);
  for (const { flow_id } of flows) {
    const kept = keepLatest > 0
      ? await db.get<{ queued_at: string }>("SELECT queued_at FROM flow_runs WHERE flow_id = ? ORDER BY queued_at DESC, id DESC LIMIT 1 OFFSET ?", [flow_id, keepLatest - 1])
      : undefined;
    if (keepLatest > 0 && !kept) continue;
    for (;;) {
      const ids = (await db.all<{ id: string }>(
        `SELECT r.id FROM flow_runs r
         WHERE r.flow_id = ? AND r.status IN ('succeeded', 'failed', 'cancelled') AND COALESCE(r.finished_at, r.queued_at) < ?${kept ? " AND r.queued_at < ?" : ""}
           AND NOT EXISTS (SELECT 1 FROM job_runs s WHERE s.flow_run_id = r.id AND s.status IN ('queued', 'running'))
         ORDER BY r.queued_at LIMIT ${batch}`,
        kept ? [flow_id, cutoff, kept.queued_at] : [flow_id, cutoff],
      )).map((r) => r.id);
      if (!ids.length) break;
      const marks = ids.map(() => "?").join(", ");
      await db.tx(async () => {
        const logs = await db.all(`DELETE FROM job_run_logs WHERE run_id IN (SELECT id FROM job_runs WHERE flow_run_id IN (${marks})) RETURNING 1 AS n`, ids);
        const steps = await db.all(`DELETE FROM job_runs WHERE flow_run_id IN (${marks}) RETURNING id`, ids);
        await db.run(`DELETE FROM flow_run_nodes WHERE flow_run_id IN (${marks})`, ids);
        await db.run(`DELETE FROM flow_runs WHERE id IN (${marks})`, ids);
        result.logs += logs.length;
        result.step_runs += steps.length;
      });
      result.flow_runs += ids.length;
      if (ids.length < batch) break;
    }
  }
  return result;
}

/** A purge audited as system:flow-retention when it deleted anything. */
export async function purgeFlowRunsAudited(deps: FlowsDeps, options: FlowRetentionOptions): Promise<FlowRetentionResult> {
  const started = Date.now();
  const result = await purgeFlowRuns(deps, options);
  if (result.flow_runs > 0) {
    await deps.audit?.recordRequest({
      ctx: {
        requestId: newId(), ip: null, userAgent: null, locale: DEFAULT_LOCALE, actor: systemActor("flow-retention"), via: "system",
        auditNotes: [{ resourceType: "flow_run", after: { ...result, keep_days: options.keepDays, keep_latest: options.keepLatest ?? 20 } }],
      },
      method: "SYSTEM", path: "flows retention", status: 200, durationMs: Date.now() - started,
      module: "flows", action: "runs.purge", resourceType: "flow_run",
    });
  }
  return result;
}
