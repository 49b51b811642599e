import { pickLocale, t, type Locale } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import type { ApprovalInstance } from "@ops/shared/contracts/approvals.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { NOTICE_TYPES } from "../approvals.deps.ts";
import { loadVersion } from "../definitions/index.ts";
import { loadInstance } from "./instance.store.ts";
import { publishWebhookEvents } from "./webhook-events.ts";
import type { Notice } from "./run.ts";

/** What the card needs of the instance's version: field labels and how many approver nodes it has. */
export type CardView = { labels: Map<string, string>; approverNodes: number };

/** The first few simple form values, as the approval card shows them ("key form fields"). */
function keyFields(inst: ApprovalInstance, labels: Map<string, string>) {
  return Object.entries(inst.form)
    .filter(([, v]) => ["string", "number"].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === "string")))
    .slice(0, 4)
    .map(([k, v]) => ({ label: labels.get(k) ?? k, value: Array.isArray(v) ? v.join(" ~ ") : String(v) }));
}

/** What the approval card template needs (cards/src/templates/approval.ts `ApprovalData`), plus ids the chat side acts on. */
export function approvalCardData(inst: ApprovalInstance, view: CardView, taskId?: string): Record<string, unknown> {
  const labels = view.labels;
  // the step: approver nodes reached so far out of those on the definition (branches may skip some)
  const reached = new Set(inst.timeline.filter((e) => e.action === "assigned").map((e) => e.node_key)).size;
  const last = [...inst.timeline].reverse().find((e) => ["approve", "reject", "approved", "rejected", "withdrawn"].includes(e.action) && e.actor_id);
  return {
    card: "approval", id: inst.id, instance_id: inst.id, task_id: taskId ?? null, title: inst.title, kind: inst.definition_name,
    requester: inst.initiator_name ?? inst.initiator_id, initiator_id: inst.initiator_id, submittedAt: inst.created_at, status: inst.status,
    details: keyFields(inst, labels), step: inst.current[0] ? { current: reached, total: Math.max(reached, view.approverNodes), name: inst.current[0].node_name } : undefined,
    decidedBy: inst.status === "pending" ? undefined : last?.actor_name ?? undefined, decidedAt: inst.finished_at ?? undefined,
    comment: inst.status === "pending" ? undefined : last?.comment ?? undefined, link: `/approvals/${inst.id}`,
  };
}

async function byLocale(db: Db, userIds: string[]): Promise<Map<Locale, string[]>> {
  const rows = await db.all<{ id: string; locale: string | null }>(`SELECT id, locale FROM users WHERE id IN (${userIds.map(() => "?").join(", ")})`, userIds);
  const out = new Map<Locale, string[]>();
  for (const r of rows) {
    const l = pickLocale(r.locale);
    out.set(l, [...(out.get(l) ?? []), r.id]);
  }
  return out;
}

/** After commit: tell each person what the transaction gave them, then bring every posted card of the instance up to date. */
export async function deliver(deps: ApprovalsDeps, instanceId: string, notices: Notice[]): Promise<void> {
  const inst = await loadInstance(deps.db, instanceId);
  if (!inst) return;
  await publishWebhookEvents(deps, inst).catch((e: unknown) => deps.logger?.warn("approval webhook events failed", { instance_id: instanceId, err: e }));
  const version = await loadVersion(deps.db, inst.definition_id, inst.version);
  const labels: CardView = {
    labels: new Map((version?.form ?? []).map((f) => [f.key, f.label])), approverNodes: (version?.nodes ?? []).filter((n) => n.type === "approver").length,
  };
  for (const n of notices) {
    if (!deps.sender || !n.recipients.length) continue;
    // one send per language, so each reader gets the body in theirs
    for (const [locale, recipients] of await byLocale(deps.db, n.recipients)) {
      const data = {
        ...approvalCardData(inst, labels, n.taskId), url: `/approvals/${inst.id}`,
        body: t(locale, `approvals.notice.${n.kind}`, { title: inst.title, initiator: inst.initiator_name ?? "", status: t(locale, `approvals.status.${inst.status}`) }),
      };
      try {
        await deps.sender.send({ type: NOTICE_TYPES[n.kind], recipients, data });
      } catch (e) {
        deps.logger?.warn("approval notice failed", { instance_id: instanceId, kind: n.kind, err: e });
      }
    }
  }
  if (!deps.cards) return;
  try {
    await deps.cards.refresh("approval", instanceId, { kind: "approval", data: approvalCardData(inst, labels) });
  } catch (e) {
    deps.logger?.warn("approval card refresh failed", { instance_id: instanceId, err: e });
  }
}
