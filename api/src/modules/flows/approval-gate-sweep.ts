import { iso } from "../../platform/clock.ts";
import { gateEnded } from "./approval-gate.ts";
import type { FlowsDeps } from "./flows.deps.ts";

/** How long a reached gate may wait for its approval to start before the sweep starts it (the hand-off starts it within milliseconds). */
export const GATE_GRACE_MS = 60_000;
const BATCH = 200;

export type GateSweep = { reopened: number; applied: number };

/**
 * The safety net of flows' approval gates (the scheduler's flow sweep runs it):
 * 1. a gate reached but with no approval (the process died between the hand-off's commit and the
 *    approval's start) gets its approval once it is older than the grace: the instance is advanced
 *    with the node to re-open, which starts it under the gate's ref, so a second process, or the
 *    original start finishing late, finds the same approval and the node keeps the first id;
 * 2. a gate whose approval ended while no process heard of it (the end listener runs after the
 *    approval's commit) is decided now, as the listener would have.
 */
export async function sweepGates(
  deps: FlowsDeps, advance: (flowRunId: string, reopen?: ReadonlySet<string>) => Promise<void>, graceMs = GATE_GRACE_MS,
): Promise<GateSweep> {
  const before = iso(new Date(deps.clock.now().getTime() - graceMs));
  const out: GateSweep = { reopened: 0, applied: 0 };
  const stranded = await deps.db.all<{ flow_run_id: string; node_key: string }>(
    `SELECT n.flow_run_id, n.node_key FROM flow_run_nodes n JOIN flow_runs r ON r.id = n.flow_run_id
      WHERE n.type = 'wait' AND n.status = 'waiting' AND n.approval_id IS NULL AND n.started_at < ? AND r.status IN ('running', 'waiting')
      ORDER BY n.started_at LIMIT ?`,
    [before, BATCH],
  );
  const byRun = new Map<string, Set<string>>();
  for (const r of stranded) byRun.set(r.flow_run_id, (byRun.get(r.flow_run_id) ?? new Set()).add(r.node_key));
  for (const [runId, keys] of byRun) {
    try {
      await advance(runId, keys);
      const opened = await deps.db.all<{ node_key: string }>(
        `SELECT node_key FROM flow_run_nodes WHERE flow_run_id = ? AND node_key IN (${[...keys].map(() => "?").join(", ")}) AND (approval_id IS NOT NULL OR status <> 'waiting')`,
        [runId, ...keys],
      );
      out.reopened += opened.length;
    } catch (e) {
      deps.logger?.warn("flow approval gate sweep: re-open failed", { flow_run_id: runId, err: e });
    }
  }
  if (!deps.approvalGate) return out;
  const open = await deps.db.all<{ approval_id: string }>(
    "SELECT approval_id FROM flow_run_nodes WHERE type = 'wait' AND status = 'waiting' AND approval_id IS NOT NULL AND started_at < ? ORDER BY started_at LIMIT ?",
    [before, BATCH],
  );
  if (!open.length) return out;
  for (const a of await deps.approvalGate.ended(open.map((o) => o.approval_id))) {
    try {
      const flowRunId = await gateEnded(deps, a.id, a.status, a.decidedBy, a.comment);
      if (!flowRunId) continue;
      out.applied++;
      await advance(flowRunId);
    } catch (e) {
      deps.logger?.warn("flow approval gate sweep: applying an ended approval failed", { approval_id: a.id, err: e });
    }
  }
  return out;
}
