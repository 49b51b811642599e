import type { FlowNodeStatus, FlowRun } from "@ops/shared/contracts/flows.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { FlowsDeps } from "../flows.deps.ts";
import { flowRunNotRetryable } from "../flows.errors.ts";
import { loadVersion } from "../flow.store.ts";
import type { Engine } from "./engine.ts";
import { loadFlowRun, loadNodeRows, type FlowRunRow } from "./run.store.ts";

/** Nodes a retry clears: those that ended badly, and (below) all that follow them. */
const CLEARED = new Set<FlowNodeStatus>(["failed", "timed_out", "upstream_failed", "cancelled"]);

/**
 * Airflow's "clear failed": a failed or cancelled flow run goes back to running on the same
 * instance and version. Its failed, timed-out, upstream-failed and cancelled nodes and everything
 * downstream of them are pending again (their earlier job runs stay in the history but no longer
 * count: a node reads only the runs in its `run_ids`); succeeded nodes keep their state and
 * outputs, so `{nodes.A.output}` still resolves. The round number makes the new steps' occurrence
 * keys new. The status change is one conditional update, so two retries at once make one round.
 */
export async function retryFlowRun(deps: FlowsDeps, engine: Engine, row: FlowRunRow): Promise<FlowRun> {
  const { db, clock } = deps;
  if (row.status !== "failed" && row.status !== "cancelled") throw flowRunNotRetryable(row.status);
  const version = await loadVersion(db, row.flow_id, Number(row.version));
  const nodes = await loadNodeRows(db, row.id);
  const down = new Map<string, string[]>();
  for (const e of version?.edges ?? []) down.set(e.from, [...(down.get(e.from) ?? []), e.to]);
  // a node still queued or running in a cancelled run (its step being stopped) starts over too
  const clear = new Set(nodes.filter((n) => CLEARED.has(n.status) || n.status === "queued" || n.status === "running").map((n) => n.node_key));
  for (const key of [...clear]) {
    const stack = [key];
    while (stack.length) for (const next of down.get(stack.pop()!) ?? []) if (!clear.has(next)) stack.push((clear.add(next), next));
  }
  const now = iso(clock.now());
  const keys = [...clear];
  const moved = await db.tx(async () => {
    const ok = await db.get(
      "UPDATE flow_runs SET status = 'running', retries = retries + 1, finished_at = NULL, duration_ms = NULL, error = NULL, updated_at = ? WHERE id = ? AND status IN ('failed', 'cancelled') RETURNING id",
      [now, row.id],
    );
    if (!ok || !keys.length) return Boolean(ok);
    await db.run(
      `UPDATE flow_run_nodes SET status = 'pending', run_ids = '[]', result = NULL, output = NULL, error = NULL, decided_by = NULL, comment = NULL, approval_id = NULL,
         started_at = NULL, finished_at = NULL, duration_ms = NULL WHERE flow_run_id = ? AND node_key IN (${keys.map(() => "?").join(", ")})`,
      [row.id, ...keys],
    );
    return true;
  });
  if (!moved) throw flowRunNotRetryable("running");
  await engine.advance(row.id);
  noteAudit({ resourceType: "flow_run", resourceId: row.id, before: { status: row.status }, after: { status: "running", flow: row.flow_name, nodes: keys } });
  return (await loadFlowRun(db, row.id))!;
}
