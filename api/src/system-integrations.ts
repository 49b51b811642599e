import { DEFAULT_LOCALE, notFound, t } from "@ops/shared";
import type { Db } from "./platform/db/db.ts";
import type { Approvals, HookTargets } from "./modules/approvals/index.ts";
import type { ApprovalGatePort, Flows } from "./modules/flows/index.ts";
import type { Iam } from "./modules/iam/index.ts";
import type { Jobs } from "./modules/jobs/index.ts";

/**
 * Cross-module doors of approvals' integrations, built in the composition root (modules never
 * import each other's internals): approvals' internal hooks start jobs and flows; flows' approval
 * gates start and withdraw approvals.
 */

/** Where approval hooks run: a saved job (any params) or a flow (its declared params), started by the system with trigger `approval`. */
export function hookTargetsOf(jobs: Jobs, flows: Flows): HookTargets {
  return {
    async find(actor, type, ref) {
      try {
        if (type === "job") {
          const row = await jobs.definitions.visibleRow(actor, ref);
          return { id: row.id, name: row.name, params: null };
        }
        const flow = await flows.definitions.get(actor, ref);
        return { id: flow.id, name: flow.name, params: Object.keys(flow.params) };
      } catch {
        return null;
      }
    },
    async start(type, ref, params, instanceId) {
      if (type === "flow") return { run_id: (await flows.runAsSystem(`approval:${instanceId}`, ref, params)).id };
      const job = await jobs.findJob(ref);
      if (!job) throw notFound("jobs.not_found");
      const run = await jobs.runs.insertRun({ job, trigger: "approval", by: null, params });
      return { run_id: run!.id };
    },
  };
}

/** Approvals as flows' wait-node gates; `approvals()` is the module built after flows (the two know each other only here). */
export function approvalGateOf(db: Db, iam: Pick<Iam, "userActor">, approvals: () => Approvals | null): ApprovalGatePort {
  const ready = () => {
    const a = approvals();
    if (!a) throw new Error("approvals are not wired yet");
    return a;
  };
  return {
    async check(definition) {
      const def = await db.get<{ id: string; status: string; published_version: number | string | null }>(
        "SELECT id, status, published_version FROM approval_definitions WHERE key = ? OR id = ?", [definition, definition],
      );
      if (!def) return { problem: "unknown", fields: [] };
      if (def.status === "archived" || def.published_version === null) return { problem: "unpublished", fields: [] };
      const version = await ready().definitions.version(def.id, Number(def.published_version));
      return { problem: null, fields: version.form.map((f) => f.key) };
    },
    userExists: async (user) => (await iam.userActor(user)) !== null,
    async start(input) {
      const actor = await iam.userActor(input.initiator);
      if (!actor) throw notFound("flows.approval_initiator_unknown", { user: input.initiator });
      const inst = await ready().instances.start(actor, { definition: input.definition, title: input.title, form: input.form, approvers: {} }, { sourceRef: input.ref });
      return { id: inst.id, status: inst.status };
    },
    async ended(ids) {
      if (!ids.length) return [];
      const rows = await db.all<{ id: string; status: string }>(
        `SELECT id, status FROM approval_instances WHERE status <> 'pending' AND id IN (${ids.map(() => "?").join(", ")})`, ids,
      );
      const out = [];
      for (const r of rows) {
        // the decision that ended it, as the end listener reads it (linkApprovalGates)
        const last = await db.get<{ actor_id: string | null; comment: string | null }>(
          "SELECT actor_id, comment FROM approval_events WHERE instance_id = ? AND action IN ('approve', 'reject', 'withdrawn') AND actor_id IS NOT NULL ORDER BY seq DESC LIMIT 1", [r.id],
        );
        out.push({ id: r.id, status: r.status, decidedBy: last?.actor_id ?? null, comment: last?.comment ?? null });
      }
      return out;
    },
    withdraw: (approvalId, comment) => ready().withdrawBySystem(approvalId, t(DEFAULT_LOCALE, comment)),
  };
}

/** Flows hear when an approval ends: the wait node it gates continues or fails, decided by whoever ended it. */
export function linkApprovalGates(approvals: Approvals, flows: Flows): () => void {
  return approvals.onEnded(async (inst) => {
    // the decision that ended it (a task's approve or reject, or the withdraw) carries the comment
    const last = [...inst.timeline].reverse().find((e) => ["approve", "reject", "withdrawn"].includes(e.action) && e.actor_id);
    await flows.approvalEnded(inst.id, inst.status, last?.actor_id ?? null, last?.comment ?? null);
  });
}
