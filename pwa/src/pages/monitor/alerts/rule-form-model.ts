import type { PickedUser } from "../../../ui/approval-form/index.ts";
import type { AlertLevel, AlertRule, ChatTarget, ConditionOp, RuleInput, SecurityDetector, SeriesAgg } from "./alerts-api.ts";

/** Recipients as the editor holds them: picked people carry their labels, chats are editable rows. */
/** One `label = value` condition on the series a metric rule counts. */
export type LabelFilter = { key: string; value: string };

/** `robots`: ids of notification webhooks of kind wecom (企业微信群机器人). */
export type RecipientsForm = { users: PickedUser[]; roles: string[]; chats: ChatTarget[]; robots: string[] };

/**
 * The rule editor's state: numbers as typed (strings, so an empty threshold reaches the API as null and comes back
 * as a field error), durations in minutes, filters as label/value rows.
 */
export type RuleForm = {
  name: string;
  description: string;
  enabled: boolean;
  kind: "metric" | "security";
  metric: string;
  detector: SecurityDetector | "";
  filters: LabelFilter[];
  agg: SeriesAgg;
  op: ConditionOp;
  threshold: string;
  window_min: string;
  for_min: string;
  group_by: string[];
  level: AlertLevel;
  recipients: RecipientsForm;
  cooldown_min: string;
  escalate: boolean;
  escalation_after_min: string;
  escalation_recipients: RecipientsForm;
  notify_recovery: boolean;
  runbook_url: string;
};

const noRecipients = (): RecipientsForm => ({ users: [], roles: [], chats: [], robots: [] });

export const blankRule = (): RuleForm => ({
  name: "", description: "", enabled: true, kind: "metric", metric: "", detector: "", filters: [], agg: "value", op: ">", threshold: "",
  window_min: "5", for_min: "0", group_by: [], level: "P2", recipients: noRecipients(), cooldown_min: "60", escalate: false,
  escalation_after_min: "30", escalation_recipients: noRecipients(), notify_recovery: true, runbook_url: "",
});

const minutes = (s: number) => String(Math.round((s / 60) * 100) / 100);
const recipientsForm = (r: AlertRule["recipients"] | undefined, names: Map<string, string>): RecipientsForm => ({
  users: (r?.users ?? []).map((id) => ({ id, label: names.get(id) ?? id })),
  roles: [...(r?.roles ?? [])],
  chats: (r?.chats ?? []).map((c) => ({ ...c })),
  robots: [...(r?.robots ?? [])],
});

/** `names`: user id → label for the people the rule already names (looked up by the page). */
export function ruleToForm(r: AlertRule, names: Map<string, string> = new Map()): RuleForm {
  return {
    name: r.name, description: r.description, enabled: r.enabled, kind: r.kind, metric: r.metric ?? "", detector: r.detector ?? "",
    filters: Object.entries(r.filters).map(([key, value]) => ({ key, value })), agg: r.agg, op: r.op, threshold: String(r.threshold), window_min: minutes(r.window_s), for_min: minutes(r.for_s),
    group_by: [...r.group_by], level: r.level, recipients: recipientsForm(r.recipients, names), cooldown_min: minutes(r.cooldown_s),
    escalate: !!r.escalation, escalation_after_min: String(r.escalation?.after_min ?? 30), escalation_recipients: recipientsForm(r.escalation?.recipients, names),
    notify_recovery: r.notify_recovery, runbook_url: r.runbook_url ?? "",
  };
}

/** A typed number or null when blank (the API names the field); minutes become seconds. */
const numberOrNull = (s: string): number | null => (s.trim() === "" || Number.isNaN(Number(s)) ? null : Number(s));
const seconds = (s: string): number => Math.round((numberOrNull(s) ?? Number.NaN) * 60);
const recipientsInput = (r: RecipientsForm) => ({
  users: r.users.map((u) => u.id),
  roles: r.roles,
  chats: r.chats.filter((c) => c.chat_id.trim() || c.name?.trim()).map((c) => ({ platform: c.platform, chat_id: c.chat_id.trim(), ...(c.name?.trim() ? { name: c.name.trim() } : {}) })),
  robots: r.robots,
});

/** The body for POST/PUT; invalid numbers go as null/NaN→null so the API answers them under their field. */
export function formToInput(f: RuleForm): RuleInput {
  const secs = (s: string) => {
    const v = seconds(s);
    return Number.isFinite(v) ? v : (null as unknown as number);
  };
  return {
    name: f.name.trim(), description: f.description.trim(), enabled: f.enabled, kind: f.kind,
    metric: f.kind === "metric" ? f.metric || null : null,
    detector: f.kind === "security" ? f.detector || null : null,
    filters: f.kind === "metric" ? Object.fromEntries(f.filters.filter((x) => x.key.trim()).map((x) => [x.key.trim(), x.value.trim()])) : {},
    agg: f.agg, op: f.op, threshold: numberOrNull(f.threshold) as number, window_s: secs(f.window_min), for_s: secs(f.for_min),
    group_by: f.kind === "metric" ? f.group_by : [], level: f.level, recipients: recipientsInput(f.recipients), cooldown_s: secs(f.cooldown_min),
    escalation: f.escalate ? { after_min: numberOrNull(f.escalation_after_min) as number, recipients: recipientsInput(f.escalation_recipients) } : null,
    notify_recovery: f.notify_recovery, runbook_url: f.runbook_url.trim() || null,
  };
}

