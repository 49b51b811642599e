import { APPROVER_TYPES, type ApproverRule, type ApproverType, type FormField } from "@ops/shared/contracts/approvals.ts";
import { Match, Switch, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { UsersPicker } from "../../ui/approval-form/index.ts";
import { Select, type Option } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";

/** Names for ids (people by display name, loaded once each), roles to pick, the form's fields, published definitions (key → name). */
export type Lookups = { userName: (id: string) => string; roles: Option[]; form: FormField[]; definitions: Option[] };

export function ruleSummary(rule: ApproverRule | undefined, l: Lookups): string {
  if (!rule) return tr("apd.rule.none");
  switch (rule.type) {
    case "users": {
      const names = (rule.users ?? []).map((id) => l.userName(id));
      return names.length ? names.join("、") : tr("apd.rule.none");
    }
    case "role":
      return rule.role ? tr("apd.rule.role_is", { role: l.roles.find((r) => r.value === rule.role)?.label ?? rule.role }) : tr("apd.rule.none");
    case "dept_head":
      return tr("apd.rule.dept_head_is", { n: rule.level ?? 1 });
    case "form_field":
      return tr("apd.rule.field_is", { field: l.form.find((f) => f.key === rule.field)?.label ?? rule.field ?? "?" });
    default:
      return tr(`apd.rule_type.${rule.type}`);
  }
}

/** A fresh rule of a type (what the type asks for starts empty; dept_head starts at the initiator's own head). */
function ruleOf(type: ApproverType): ApproverRule {
  if (type === "users") return { type, users: [] };
  if (type === "dept_head") return { type, level: 1 };
  return { type };
}

/**
 * Who approves (or reads, or takes over on timeout): named users, a role, the initiator's head N
 * levels up, chosen by the initiator at start, a user field of the form, the initiator. `error`
 * takes the rule's sub-field (`users`, `role`, `field`) and returns the API's problem there.
 */
export function RuleEditor(props: { label: string; name: string; rule: ApproverRule | undefined; onChange: (r: ApproverRule) => void; lookups: Lookups; error: (sub: string) => string | undefined }): JSX.Element {
  const rule = () => props.rule ?? { type: "users" as const, users: [] };
  const userFields = () => props.lookups.form.filter((f) => f.type === "user").map((f) => ({ value: f.key, label: f.label }));
  return (
    <fieldset class="apd-rule" data-testid={`apd-rule-${props.name}`}>
      <legend class="field__label">{props.label}</legend>
      <Select label={tr("apd.rule.type")} name={`${props.name}_type`} value={rule().type} options={APPROVER_TYPES.map((t) => ({ value: t, label: tr(`apd.rule_type.${t}`) }))} onChange={(t) => props.onChange(ruleOf(t as ApproverType))} error={props.error("type")} />
      <Switch>
        <Match when={rule().type === "users"}>
          <UsersPicker label={tr("apd.rule.users")} name={`${props.name}_users`} required value={(rule().users ?? []).map((id) => ({ id, label: props.lookups.userName(id) }))} onChange={(users) => props.onChange({ type: "users", users: users.map((u) => u.id) })} error={props.error("users")} />
        </Match>
        <Match when={rule().type === "role"}>
          <Select label={tr("apd.rule.role")} name={`${props.name}_role`} required value={rule().role ?? ""} options={props.lookups.roles} placeholder={tr("apd.rule.role_pick")} onChange={(role) => props.onChange({ type: "role", role })} error={props.error("role")} />
        </Match>
        <Match when={rule().type === "dept_head"}>
          <TextField label={tr("apd.rule.level")} name={`${props.name}_level`} type="number" inputMode="numeric" value={String(rule().level ?? 1)} onChange={(v) => props.onChange({ type: "dept_head", level: Math.min(10, Math.max(1, Math.round(Number(v) || 1))) })} description={tr("apd.rule.level_hint")} error={props.error("level")} />
        </Match>
        <Match when={rule().type === "form_field"}>
          <Select label={tr("apd.rule.field")} name={`${props.name}_field`} required value={rule().field ?? ""} options={userFields()} placeholder={userFields().length ? tr("apd.rule.field_pick") : tr("apd.rule.field_none")} onChange={(field) => props.onChange({ type: "form_field", field })} error={props.error("field")} />
        </Match>
        <Match when={rule().type === "initiator_select"}>
          <p class="muted">{tr("apd.rule.initiator_select_hint")}</p>
        </Match>
        <Match when={rule().type === "initiator"}>
          <p class="muted">{tr("apd.rule.initiator_hint")}</p>
        </Match>
      </Switch>
    </fieldset>
  );
}
