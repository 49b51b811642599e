import { DEFAULT_LOCALE, t, type UserActor } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import type { Approvals } from "../../approvals/index.ts";
import { DEFAULT_DEFINITION, type ReleaseApprovals } from "./release.deps.ts";

const COLUMN = (key: string, label: string) => ({ key, type: "text" as const, label, required: false });

/**
 * The built-in change-set definition: one approver node whose approvers the submission names — every
 * config:publish holder except the author (approval-form.ts) — any one of whom decides. dedupe is off, so an
 * author who also publishes is never passed automatically: edit and publish are done by different people.
 */
export const CONFIG_RELEASE_DEFINITION = {
  key: DEFAULT_DEFINITION,
  name: "配置发布",
  description: "配置中心变更集：由拥有「发布配置」权限的其他人审批（作者不能审批自己的变更）/ config change sets, approved by another config:publish holder",
  form: [
    { key: "table", type: "text" as const, label: "配置表", required: true },
    { key: "change_set_id", type: "text" as const, label: "变更集", required: true },
    { key: "reason", type: "text" as const, label: "变更原因", required: true },
    { key: "changes", type: "table" as const, label: "变更内容", required: false, columns: [COLUMN("record", "记录"), COLUMN("field", "字段"), COLUMN("before", "修改前"), COLUMN("after", "修改后")] },
  ],
  nodes: [
    { key: "start", type: "start" as const, name: "提交" },
    { key: "publish", type: "approver" as const, name: "发布审批", approvers: { type: "initiator_select" as const }, mode: "or" as const },
    { key: "end", type: "end" as const, name: "结束" },
  ],
  edges: [{ from: "start", to: "publish" }, { from: "publish", to: "end" }],
  settings: { allow_withdraw: true, dedupe: false },
  hooks: [],
};

/**
 * release/'s view of approvals, through approvals' door; `approvals()` is built after config in system.ts.
 * `userActor`: IAM's active user by id (the built-in definition is created in the first administrator's name).
 */
export function releaseApprovalsOf(db: Db, approvals: () => Approvals | null, userActor: (id: string) => Promise<UserActor | null>): ReleaseApprovals {
  const admin = async () => {
    const row = await db.get<{ id: string }>(
      `SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
       WHERE u.status = 'active' AND u.deleted_at IS NULL AND r.code = 'super_admin' ORDER BY u.created_at, u.id LIMIT 1`,
    );
    return row ? userActor(row.id) : null;
  };
  const ready = () => {
    const a = approvals();
    if (!a) throw new Error("approvals are not wired yet");
    return a;
  };
  return {
    async ensureDefault(by) {
      const row = await db.get<{ status: string; published_version: number | string | null }>("SELECT status, published_version FROM approval_definitions WHERE key = ?", [DEFAULT_DEFINITION]);
      if (row && (row.published_version !== null || row.status === "archived")) return;
      const actor = by ?? (await admin());
      if (!actor) return;
      try {
        if (!row) await ready().definitions.create(actor, CONFIG_RELEASE_DEFINITION);
        await ready().definitions.publish(actor, DEFAULT_DEFINITION);
      } catch (e) {
        // another process created it at the same moment: theirs is the one
        const again = await db.get<{ published_version: unknown }>("SELECT published_version FROM approval_definitions WHERE key = ?", [DEFAULT_DEFINITION]);
        if (!again || again.published_version === null) throw e;
      }
    },
    async check(definition) {
      const def = await db.get<{ id: string; status: string; published_version: number | string | null }>(
        "SELECT id, status, published_version FROM approval_definitions WHERE key = ?", [definition],
      );
      if (!def) return { problem: "unknown", fields: [], selectNodes: [] };
      if (def.status === "archived" || def.published_version === null) return { problem: "unpublished", fields: [], selectNodes: [] };
      const version = await ready().definitions.version(def.id, Number(def.published_version));
      return {
        problem: null, fields: version.form.map((f) => f.key),
        selectNodes: version.nodes.filter((n) => n.type === "approver" && n.approvers?.type === "initiator_select").map((n) => n.key),
      };
    },
    async start(input) {
      const inst = await ready().instances.start(input.initiator, { definition: input.definition, title: input.title, form: input.form, approvers: input.approvers });
      return { id: inst.id, status: inst.status };
    },
    withdraw: (approvalId, comment) => ready().withdrawBySystem(approvalId, t(DEFAULT_LOCALE, comment)),
    async pendingFor(userId) {
      const rows = await db.all<{ instance_id: string }>(
        "SELECT DISTINCT instance_id FROM approval_tasks WHERE assignee_id = ? AND status = 'pending' AND kind = 'approve'", [userId],
      );
      return rows.map((r) => r.instance_id);
    },
    async approvedBy(approvalId) {
      const row = await db.get<{ decided_by: string }>(
        "SELECT decided_by FROM approval_tasks WHERE instance_id = ? AND kind = 'approve' AND status = 'approved' AND decided_by IS NOT NULL ORDER BY decided_at DESC, seq DESC LIMIT 1",
        [approvalId],
      );
      return row?.decided_by ?? null;
    },
  };
}

/** Change sets hear when their approval ends, with whoever decided it (the last approve, reject or withdraw). */
export function linkReleaseApprovals(approvals: Approvals, release: { approvalEnded(id: string, status: string, decidedBy: string | null): Promise<void> }): () => void {
  return approvals.onEnded(async (inst) => {
    const last = [...inst.timeline].reverse().find((e) => ["approve", "reject", "withdrawn"].includes(e.action) && e.actor_id);
    await release.approvalEnded(inst.id, inst.status, last?.actor_id ?? null);
  });
}
