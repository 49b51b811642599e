import type { FieldError } from "@ops/shared";
import type { FlowApprovalGate, FlowNode } from "@ops/shared/contracts/flows.ts";
import { iso } from "../../platform/clock.ts";
import { unknownPlaceholders } from "../jobs/index.ts";
import type { ApprovalGatePort } from "./approval-gate.port.ts";
import type { FlowsDeps } from "./flows.deps.ts";
import { resolveRefs, type NodeFacts } from "./engine/steps.ts";

/** A gate to open once the hand-off that reached it commits. */
export type GateToOpen = { flowRunId: string; key: string; definition: string; title: string; form: Record<string, unknown>; initiator: string | null };

/** Save checks of `nodes[i].approval`: wait nodes only, the definition published, its form's fields, the initiator, placeholders. */
export async function checkApprovalGate(n: FlowNode, at: string, gate: ApprovalGatePort | undefined, scope: { nodes: ReadonlySet<string>; params: ReadonlySet<string> } | null): Promise<FieldError[]> {
  const a = n.approval;
  if (!a) return [];
  if (n.type !== "wait") return [{ field: `${at}.approval`, message: "flows.approval_not_wait" }];
  const errors: FieldError[] = [];
  const found = gate ? await gate.check(a.definition) : { problem: "unknown" as const, fields: [] };
  if (found.problem) {
    errors.push({ field: `${at}.approval.definition`, message: found.problem === "unknown" ? "flows.approval_definition_unknown" : "flows.approval_definition_unpublished", params: { key: a.definition } });
  }
  for (const [k, template] of Object.entries(a.form ?? {})) {
    if (!found.problem && !found.fields.includes(k)) errors.push({ field: `${at}.approval.form.${k}`, message: "flows.approval_field_unknown", params: { key: a.definition, field: k } });
    const bad = scope ? unknownPlaceholders(template, scope) : [];
    if (bad.length) errors.push({ field: `${at}.approval.form.${k}`, message: "flows.placeholder_unknown", params: { placeholder: bad.join(", ") } });
  }
  const badTitle = a.title && scope ? unknownPlaceholders(a.title, scope) : [];
  if (badTitle.length) errors.push({ field: `${at}.approval.title`, message: "flows.placeholder_unknown", params: { placeholder: badTitle.join(", ") } });
  if (a.initiator && gate && !(await gate.userExists(a.initiator))) errors.push({ field: `${at}.approval.initiator`, message: "flows.approval_initiator_unknown", params: { user: a.initiator } });
  return errors;
}

/** A template that is one placeholder keeps its value's type (a number stays a number for a money field); else text. */
function fill(template: string, facts: Record<string, NodeFacts>, params: Record<string, unknown>): unknown {
  const whole = template.match(/^\{params\.([A-Za-z0-9_]+)\}$/);
  if (whole && Object.hasOwn(params, whole[1]!)) return params[whole[1]!];
  return resolveRefs(template, facts, params);
}

/** The approval a gate starts, from what the instance knows when the node is reached. */
export function gateToOpen(
  run: { id: string; flow_name: string; triggered_by: string | null }, node: FlowNode, a: FlowApprovalGate,
  facts: Record<string, NodeFacts>, params: Record<string, unknown>,
): GateToOpen {
  const form = Object.fromEntries(Object.entries(a.form ?? {}).map(([k, v]) => [k, fill(v, facts, params)]));
  const title = a.title ? String(resolveRefs(a.title, facts, params)) : `${run.flow_name} · ${node.name ?? node.key}`;
  return { flowRunId: run.id, key: node.key, definition: a.definition, title: title.slice(0, 200), form, initiator: a.initiator ?? run.triggered_by };
}

/** The reference an approval gate's approval carries: one approval per node of one flow run. */
export const gateRef = (flowRunId: string, key: string) => `flow-gate:${flowRunId}:${key}`;

/**
 * Starts the gates' approvals (after the hand-off committed): the node keeps the approval's id, or
 * fails with the reason when none could start. Answers whether a node was decided (the instance then
 * needs another hand-off).
 */
export async function openGates(deps: FlowsDeps, gates: GateToOpen[]): Promise<boolean> {
  let failed = false;
  for (const g of gates) {
    try {
      if (!deps.approvalGate) throw new Error("approvals are not available in this process");
      if (!g.initiator) throw Object.assign(new Error("flows.approval_no_initiator"), { code: "flows.approval_no_initiator" });
      // the gate's ref makes the start idempotent (a sweep re-opening it after a crash finds this one), and the
      // conditional write keeps the first id a node got
      const started = await deps.approvalGate.start({ definition: g.definition, title: g.title, form: g.form, initiator: g.initiator, ref: gateRef(g.flowRunId, g.key) });
      await deps.db.run("UPDATE flow_run_nodes SET approval_id = ? WHERE flow_run_id = ? AND node_key = ? AND status = 'waiting' AND approval_id IS NULL", [started.id, g.flowRunId, g.key]);
      // decided while starting (its only approver was the initiator, say): it ended before the node knew its id
      if (started.status !== "pending" && (await gateEnded(deps, started.id, started.status, null, null))) failed = true;
    } catch (e) {
      deps.logger?.warn("flow approval gate failed to start", { flow_run_id: g.flowRunId, node: g.key, err: e });
      const reason = describe(e);
      const now = iso(deps.clock.now());
      await deps.db.run(
        "UPDATE flow_run_nodes SET status = 'failed', error = ?, finished_at = ?, duration_ms = 0 WHERE flow_run_id = ? AND node_key = ? AND status = 'waiting'",
        [reason, now, g.flowRunId, g.key],
      );
      failed = true;
    }
  }
  return failed;
}

/** An AppError's code and its field errors' fields, or the error's message: what the node's `error` shows. */
function describe(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: Array<{ field: string }> };
  const fields = err.errors?.map((x) => x.field).join(", ");
  const text = err.code && err.code !== "common.validation" ? err.code : err.message ?? String(e);
  return `approval: ${fields ? `${text} (${fields})` : text}`.slice(0, 2000);
}

/**
 * An approval ended: the wait node it gates continues (approved → succeeded) or fails (rejected,
 * withdrawn), decided by whoever decided the approval. Answers the flow run to hand off, if any.
 */
export async function gateEnded(deps: FlowsDeps, approvalId: string, status: string, decidedBy: string | null, comment: string | null): Promise<string | null> {
  if (status === "pending") return null;
  const node = await deps.db.get<{ flow_run_id: string; node_key: string; started_at: string | null }>(
    "SELECT flow_run_id, node_key, started_at FROM flow_run_nodes WHERE approval_id = ? AND status = 'waiting'", [approvalId],
  );
  if (!node) return null;
  const now = iso(deps.clock.now());
  const ok = status === "approved";
  const moved = await deps.db.get(
    `UPDATE flow_run_nodes SET status = ?, decided_by = ?, comment = ?, error = ?, finished_at = ?, duration_ms = ? WHERE flow_run_id = ? AND node_key = ? AND status = 'waiting' RETURNING node_key`,
    [ok ? "succeeded" : "failed", decidedBy, comment, ok ? null : `approval ${status}`, now, node.started_at ? Date.parse(now) - Date.parse(node.started_at) : 0, node.flow_run_id, node.node_key],
  );
  return moved ? node.flow_run_id : null;
}

/** A cancelled run's open gates: their approvals are withdrawn (the nodes were cancelled with the run). */
export async function withdrawGates(deps: FlowsDeps, approvalIds: string[]): Promise<void> {
  for (const id of approvalIds) {
    await deps.approvalGate?.withdraw(id, "flows.cancelled").catch((e) => deps.logger?.warn("flow approval gate withdraw failed", { approval_id: id, err: e }));
  }
}
