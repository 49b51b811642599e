import { DEFAULT_LOCALE, systemActor } from "@ops/shared";
import type { ApprovalInstance } from "@ops/shared/contracts/approvals.ts";
import { newId } from "../../../platform/crypto.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { steps } from "./advance.ts";
import { withInstance } from "./locks.ts";
import { deliver } from "./notices.ts";
import { childEnded } from "./subprocess.ts";

/**
 * After the commit that ended a child instance (the `ended` path): its parent's subprocess node is
 * decided under the parent's lock, exactly once (childEnded ignores a child the node no longer
 * waits for), audited as system:approval-subprocess, then the parent's notices and cards follow.
 */
export async function resumeParent(deps: ApprovalsDeps, child: ApprovalInstance): Promise<void> {
  if (!child.parent_id) return;
  const started = Date.now();
  const link = await deps.db.get<{ parent_node: string | null }>("SELECT parent_node FROM approval_instances WHERE id = ?", [child.id]);
  if (!link?.parent_node) return;
  const parentId = child.parent_id;
  const before = await deps.db.get<{ status: string }>("SELECT status FROM approval_instances WHERE id = ?", [parentId]);
  const { result: decided, run } = await withInstance(deps, parentId, null, (r) => childEnded(r, link.parent_node!, { id: child.id, status: child.status, title: child.title }, steps));
  if (!decided) return;
  await deps.audit?.recordRequest({
    ctx: {
      requestId: newId(), ip: null, userAgent: null, locale: DEFAULT_LOCALE, actor: systemActor("approval-subprocess"), via: "system",
      auditNotes: [{ resourceType: "approval", resourceId: parentId, before: { status: before?.status }, after: { status: run.inst.status, child_id: child.id, child_status: child.status } }],
    },
    method: "SYSTEM", path: "approvals subprocess", status: 200, durationMs: Date.now() - started, module: "approvals", action: "subprocess.resume", resourceType: "approval",
  });
  await deliver(deps, parentId, run.notices);
}
