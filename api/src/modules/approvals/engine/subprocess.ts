import type { FieldError } from "@ops/shared";
import { APPROVAL_LIMITS, type ApprovalNode, type ApprovalStatus } from "@ops/shared/contracts/approvals.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import { findDefinitionRow, loadVersion } from "../definitions/index.ts";
import { renderParam, type HookContext } from "../hooks/index.ts";
import { checkForm } from "./form-check.ts";
import type { InstanceRow } from "./instance.store.ts";
import { event, openRun, type Run } from "./run.ts";

/** The engine's steps a subprocess uses (passed in by advance.ts, which calls this file). */
export type Steps = {
  enter(run: Run, key: string): Promise<void>;
  leave(run: Run, key: string): Promise<void>;
  finish(run: Run, status: ApprovalStatus, comment?: string | null): Promise<void>;
};

const SINGLE = /^\{\s*form\.([A-Za-z0-9_]+)\s*\}$/;

/** A child field's value: `{form.x}` alone keeps x's value as it is (a number, a user, rows); anything else is text. */
function mapValue(template: string, ctx: HookContext): unknown {
  const only = SINGLE.exec(template);
  return only ? ctx.form[only[1]!] : renderParam(template, ctx);
}

/** Rejects the parent: the timeline names what kept the child from starting. */
async function cannotStart(run: Run, node: ApprovalNode, definition: string, errors: FieldError[], steps: Steps): Promise<void> {
  await event(run, { action: "subprocess.failed", node_key: node.key, actor_id: null, data: { definition, errors: errors.map((e) => ({ field: e.field, message: e.message })) } });
  await run.db.run("UPDATE approval_nodes SET status = 'done', updated_at = ? WHERE instance_id = ? AND node_key = ?", [run.at, run.inst.id, node.key]);
  await steps.finish(run, "rejected");
}

/**
 * The instance reaches a subprocess node: a child instance of the definition's current published
 * version starts in the same transaction (initiator = the parent's, form mapped, checked like any
 * start). The child's notices go out with the parent's (a "subprocess" notice). A child that ended
 * at once (every node passed automatically) decides the node now.
 */
export async function startChild(run: Run, node: ApprovalNode, steps: Steps): Promise<void> {
  const spec = node.subprocess!;
  const def = await findDefinitionRow(run.db, spec.definition);
  const version = def && def.status !== "archived" && def.published_version !== null ? await loadVersion(run.db, def.id, Number(def.published_version)) : undefined;
  if (!def || !version) return cannotStart(run, node, spec.definition, [{ field: "definition", message: "approvals.subprocess_unknown" }], steps);
  const ctx: HookContext = { form: run.form, instance: { id: run.inst.id, title: run.inst.title }, initiator: { username: "" } };
  const form: Record<string, unknown> = {};
  for (const [k, template] of Object.entries(spec.form ?? {})) {
    const v = mapValue(template, ctx);
    if (v !== undefined && v !== null && v !== "") form[k] = v;
  }
  const errors = await checkForm(run.db, version.form, form);
  for (const n of version.nodes) if (n.approvers?.type === "initiator_select") errors.push({ field: `approvers.${n.key}`, message: "approvals.select_approvers" });
  if (errors.length) return cannotStart(run, node, def.key, errors, steps);
  const title = (spec.title ? renderParam(spec.title, ctx) : `${run.inst.title} · ${version.name}`).slice(0, APPROVAL_LIMITS.titleMax) || version.name;
  const row: InstanceRow = {
    id: newId(), definition_id: def.id, definition_key: def.key, definition_name: version.name, version: version.version, title,
    form: JSON.stringify(form), selected: "{}", status: "pending", initiator_id: run.inst.initiator_id, initiator_dept_id: run.inst.initiator_dept_id,
    created_at: run.at, updated_at: run.at, finished_at: null, parent_id: run.inst.id, parent_node: node.key,
  };
  await insertRow(run.db, "approval_instances", { ...row });
  const child = await openRun(run.db, row, version, run.inst.initiator_id, run.at);
  await event(child, { action: "submit", data: { version: version.version, parent_id: run.inst.id } });
  await event(run, { action: "subprocess.started", node_key: node.key, actor_id: null, data: { child_id: row.id, definition: def.key, title } });
  await steps.enter(child, version.nodes.find((n) => n.type === "start")!.key);
  run.notices.push({ kind: "subprocess", recipients: [], child: { id: row.id, notices: child.notices } });
  if (child.inst.status !== "pending") await childEnded(run, node.key, { id: row.id, status: child.inst.status, title }, steps);
}

/** Why the child did not pass: the last reason given on its timeline (a rejection's or withdrawal's comment). */
async function childReason(run: Run, childId: string): Promise<string | null> {
  const r = await run.db.get<{ comment: string | null }>(
    "SELECT comment FROM approval_events WHERE instance_id = ? AND comment IS NOT NULL AND action IN ('reject', 'rejected', 'withdrawn') ORDER BY seq DESC LIMIT 1", [childId],
  );
  return r?.comment ?? null;
}

/**
 * A child ended: under the parent's lock, once. Only the child the node is waiting for (its latest
 * `subprocess.started`, the node still active, the parent pending) decides: approved → the node
 * passes; rejected or withdrawn → the parent is rejected with the child's reason.
 */
export async function childEnded(run: Run, nodeKey: string, child: { id: string; status: ApprovalStatus; title: string }, steps: Steps): Promise<boolean> {
  if (run.inst.status !== "pending" || child.status === "pending") return false;
  const active = await run.db.get("SELECT node_key FROM approval_nodes WHERE instance_id = ? AND node_key = ? AND status = 'active'", [run.inst.id, nodeKey]);
  if (!active) return false;
  const started = await run.db.get<{ data: string }>(
    "SELECT data FROM approval_events WHERE instance_id = ? AND node_key = ? AND action = 'subprocess.started' ORDER BY seq DESC LIMIT 1", [run.inst.id, nodeKey],
  );
  if (!started || (JSON.parse(started.data) as { child_id?: string }).child_id !== child.id) return false;
  if (child.status === "approved") {
    await event(run, { action: "subprocess.approved", node_key: nodeKey, actor_id: null, data: { child_id: child.id } });
    await steps.leave(run, nodeKey);
    return true;
  }
  const reason = await childReason(run, child.id);
  await event(run, { action: "subprocess.rejected", node_key: nodeKey, actor_id: null, comment: reason, data: { child_id: child.id, status: child.status, title: child.title } });
  await steps.finish(run, "rejected", reason);
  return true;
}

/** The parent ends before its children: each open child is withdrawn in the same transaction (its notices go out with the parent's). */
export async function closeChildren(run: Run, comment: string | null, steps: Steps): Promise<void> {
  const open = await run.db.all<{ id: string }>("SELECT id FROM approval_instances WHERE parent_id = ? AND status = 'pending' ORDER BY created_at, id", [run.inst.id]);
  for (const { id } of open) {
    const inst = await run.db.get<InstanceRow>("UPDATE approval_instances SET updated_at = ? WHERE id = ? AND status = 'pending' RETURNING *", [run.at, id]);
    const version = inst ? await loadVersion(run.db, inst.definition_id, Number(inst.version)) : undefined;
    if (!inst || !version) continue;
    const child = await openRun(run.db, inst, version, run.actorId, run.at);
    await steps.finish(child, "withdrawn", comment);
    run.notices.push({ kind: "subprocess", recipients: [], child: { id, notices: child.notices } });
  }
}
