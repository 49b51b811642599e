import { pickLocale, t, type Locale } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { approvalCardData, type CardView } from "@ops/shared/contracts/approval-card.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { NOTICE_TYPES } from "../approvals.deps.ts";
import { loadVersion } from "../definitions/index.ts";
import { loadInstance } from "./instance.store.ts";
import { publishWebhookEvents } from "./webhook-events.ts";
import type { Notice } from "./run.ts";

/**
 * What `deliver` sends: the engine's notices, plus a timeout reminder (the timeouts sweep calls
 * `deliver(deps, id, [{kind: "remind", recipients, taskId}])`) and the initiator's own copy at submit.
 */
export type CardNotice = Notice | { kind: "remind" | "submitted"; recipients: string[]; taskId?: string };

/** Timeline actions of the submit transaction; anything else means the instance has moved on since. */
const SUBMIT_ACTIONS = new Set(["submit", "start", "assigned", "auto_approved", "branch", "cc", "nobody", "delegated"]);

export { approvalCardData, type CardView } from "@ops/shared/contracts/approval-card.ts";

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
export async function deliver(deps: ApprovalsDeps, instanceId: string, engineNotices: CardNotice[]): Promise<void> {
  const inst = await loadInstance(deps.db, instanceId);
  if (!inst) return;
  await publishWebhookEvents(deps, inst).catch((e: unknown) => deps.logger?.warn("approval webhook events failed", { instance_id: instanceId, err: e }));
  const notices = engineNotices.filter((n) => n.kind !== "subprocess");
  // the initiator follows the request on the same card (read-only), sent once when it is submitted
  const submitted = inst.status === "pending" && inst.timeline.every((e) => SUBMIT_ACTIONS.has(e.action)) && notices.some((n) => n.kind === "task");
  if (submitted) notices.push({ kind: "submitted", recipients: [inst.initiator_id] });
  const version = await loadVersion(deps.db, inst.definition_id, inst.version);
  const labels: CardView = {
    labels: new Map((version?.form ?? []).map((f) => [f.key, f.label])), approverNodes: (version?.nodes ?? []).filter((n) => n.type === "approver").length,
  };
  for (const n of notices) {
    if (!deps.sender || !n.recipients.length) continue;
    // one send per language, so each reader gets the body in theirs
    for (const [locale, recipients] of await byLocale(deps.db, n.recipients)) {
      const data = {
        ...approvalCardData(inst, labels, n.taskId), url: `/approvals/${inst.id}`, ...(n.kind === "urged" || n.kind === "remind" ? { notice: n.kind } : {}),
        body: t(locale, `approvals.notice.${n.kind}`, { title: inst.title, initiator: inst.initiator_name ?? "", status: t(locale, `approvals.status.${inst.status}`) }),
      };
      try {
        await deps.sender.send({ type: NOTICE_TYPES[n.kind], recipients, data });
      } catch (e) {
        deps.logger?.warn("approval notice failed", { instance_id: instanceId, kind: n.kind, err: e });
      }
    }
  }
  if (deps.cards) {
    try {
      await deps.cards.refresh("approval", instanceId, { kind: "approval", data: approvalCardData(inst, labels) });
    } catch (e) {
      deps.logger?.warn("approval card refresh failed", { instance_id: instanceId, err: e });
    }
  }
  // children the transaction started or withdrew (subprocess nodes): their own notices, cards and end
  for (const n of engineNotices) if (n.kind === "subprocess") await deliver(deps, n.child.id, n.child.notices);
  // the transaction ended the instance (finish() leaves a decided notice): its hooks and end listeners, after the cards
  if (inst.status !== "pending" && engineNotices.some((n) => n.kind === "decided")) await deps.ended?.(inst);
}
