import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { usersApi } from "../../../data/directory.ts";
import { notifyWebhooksApi } from "../../../data/notify-webhooks.ts";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { createFormErrors } from "../../../ui/form-errors.ts";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ErrorState, Loading } from "../../../ui/states.tsx";
import { Switch } from "../../../ui/switch.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import { rolesOrEmpty } from "../../iam/dept-options.ts";
import { ALERT_LEVELS, metricsApi, rulesApi, type AlertRule } from "./alerts-api.ts";
import { AlertsNav } from "./alerts-nav.tsx";
import { levelClass } from "./format.ts";
import { MetricConditionFields, SecurityConditionFields, type SetRule } from "./rule-condition-fields.tsx";
import { blankRule, formToInput, ruleToForm, type RuleForm } from "./rule-form-model.ts";
import { RecipientsFields } from "./rule-recipients.tsx";
import { RuleTest } from "./rule-test.tsx";
import "./texts.ts";
import "./alerts.css";

/** The people a rule names, with their names for the chips (one look-up each; a failed one shows the id). */
async function userNames(r: AlertRule): Promise<Map<string, string>> {
  const ids = [...new Set([...r.recipients.users, ...(r.escalation?.recipients.users ?? [])])];
  const found = await Promise.all(ids.map((id) => usersApi.get(id).then((u) => [id, `${u.display_name}（${u.username}）`] as const).catch(() => [id, id] as const)));
  return new Map(found);
}

/**
 * A rule: a metric condition (catalog picker, filters, group by, aggregation, op, threshold in the metric's unit,
 * window, for) or a security detector; level; recipients and escalation; cooldown, recovery notice, runbook.
 * monitor:view holders read it; monitor:manage holders save it. The API's 400 errors land on their fields.
 */
export default function RuleEditorPage(): JSX.Element {
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const editable = () => can("monitor:manage");
  const isNew = () => !params.id || params.id === "new";
  const [rule, { mutate }] = createResource(() => (isNew() ? null : params.id!), (id) => rulesApi.get(id));
  const [metrics] = createResource(() => metricsApi.catalog().catch(() => []), { initialValue: [] });
  const [roles] = createResource(rolesOrEmpty, { initialValue: [] });
  // robots are listed under notify:manage; without it (or on a failed list) the editor shows the rule's robots by id
  const [robots] = createResource(() => (can("notify:manage") ? notifyWebhooksApi.list().catch(() => null) : Promise.resolve(null)), { initialValue: null });
  const [form, setForm] = createSignal<RuleForm>(blankRule());
  const [ready, setReady] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  createEffect(() => {
    if (isNew()) return void (setForm(blankRule()), setReady(true));
    const r = rule();
    if (r) void userNames(r).then((names) => (setForm(ruleToForm(r, names)), setReady(true)));
  });
  // a select handed a fresh options array reports its (unchanged) value again: only a real change sets the form
  const set: SetRule = (key) => (v) => {
    if (JSON.stringify(form()[key]) !== JSON.stringify(v)) setForm({ ...form(), [key]: v });
  };
  const unit = () => metrics().find((m) => m.name === form().metric)?.unit ?? null;

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    errors.clear();
    try {
      const body = formToInput(form());
      const saved = isNew() ? await rulesApi.create(body) : await rulesApi.update(params.id!, body);
      notify.success(tr("common.saved"));
      if (isNew()) navigate(`/monitor/rules/${saved.id}`, { replace: true });
      else mutate(saved);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  const fieldProps = () => ({ form: form(), set, errors, metrics: metrics(), disabled: !editable() });
  return (
    <section class="page" data-testid="rule-editor-page">
      <PageHeader title={isNew() ? tr("rules.new") : rule()?.name ?? tr("rules.title")} subtitle={rule()?.builtin ? tr("rules.builtin_hint") : undefined}
        actions={<A class="btn btn--secondary btn--md" href="/monitor/rules">{tr("rules.back")}</A>} />
      <AlertsNav />
      <Show when={!rule.error} fallback={<ErrorState error={rule.error} />}>
        <Show when={ready()} fallback={<Loading />}>
          <form class="form al-rule-form" data-testid="rule-form" onSubmit={(e) => void save(e)} noValidate>
            <Show when={!editable()}><p class="alert alert--info" data-testid="rule-read-only">{tr("rules.read_only")}</p></Show>
            <div class="form-grid">
              <TextField label={tr("rules.name")} name="name" required value={form().name} onChange={set("name")} error={errors.of("name")} disabled={!editable()} />
              <TextField label={tr("rules.description")} name="description" value={form().description} onChange={set("description")} error={errors.of("description")} disabled={!editable()} />
            </div>
            <fieldset class="al-fieldset" disabled={!editable()}>
              <legend>{tr("rules.kind")}</legend>
              <div class="al-segments" role="radiogroup" aria-label={tr("rules.kind")}>
                <For each={["metric", "security"] as const}>
                  {(k) => <button type="button" role="radio" class="al-segment" aria-checked={form().kind === k} data-testid={`rule-kind-${k}`} disabled={!isNew() && rule()?.builtin} onClick={() => set("kind")(k)}>{tr(`rules.kind.${k}`)}</button>}
                </For>
              </div>
              <Show when={form().kind === "metric"} fallback={<SecurityConditionFields {...fieldProps()} />}>
                <MetricConditionFields {...fieldProps()} />
              </Show>
            </fieldset>
            <fieldset class="al-fieldset" disabled={!editable()}>
              <legend>{tr("rules.level")}</legend>
              <div class="al-segments" role="radiogroup" aria-label={tr("rules.level")} data-field="level">
                <For each={ALERT_LEVELS}>
                  {(l) => <button type="button" role="radio" class={`al-segment ${levelClass(l)}`} aria-checked={form().level === l} data-testid={`rule-level-${l}`} onClick={() => set("level")(l)}>{l} · {tr(`alerts.level_name.${l}`)}</button>}
                </For>
              </div>
            </fieldset>
            <fieldset class="al-fieldset">
              <legend>{tr("rules.recipients")}</legend>
              <RecipientsFields prefix="recipients" value={form().recipients} onChange={set("recipients")} roles={roles()} robots={robots()} error={errors.of} disabled={!editable()} />
              <div class="form-grid">
                <TextField type="number" inputMode="numeric" label={tr("rules.cooldown_min")} name="cooldown_min" value={form().cooldown_min} onChange={set("cooldown_min")} error={errors.of("cooldown_s")} description={tr("rules.cooldown_hint")} disabled={!editable()} />
                <TextField label={tr("rules.runbook_url")} name="runbook_url" value={form().runbook_url} onChange={set("runbook_url")} error={errors.of("runbook_url")} placeholder="https://" disabled={!editable()} />
              </div>
              <Switch label={tr("rules.notify_recovery")} checked={form().notify_recovery} onChange={set("notify_recovery")} disabled={!editable()} />
            </fieldset>
            <fieldset class="al-fieldset">
              <legend>{tr("rules.escalation")}</legend>
              <Switch label={tr("rules.escalate")} checked={form().escalate} onChange={set("escalate")} disabled={!editable()} />
              <Show when={form().escalate}>
                <TextField type="number" inputMode="numeric" label={tr("rules.escalation_after_min")} name="escalation_after_min" value={form().escalation_after_min} onChange={set("escalation_after_min")}
                  error={errors.of("escalation.after_min")} description={tr("rules.escalation_hint")} disabled={!editable()} />
                <RecipientsFields prefix="escalation.recipients" value={form().escalation_recipients} onChange={set("escalation_recipients")} roles={roles()} robots={robots()} error={errors.of} disabled={!editable()} />
              </Show>
            </fieldset>
            <Switch label={tr("rules.enabled")} checked={form().enabled} onChange={set("enabled")} disabled={!editable()} />
            <div class="row al-rule-form__actions">
              <Show when={editable()}><Button variant="primary" type="submit" loading={busy()} data-testid="rule-save">{tr("common.save")}</Button></Show>
              <Show when={!isNew() && editable() && form().kind === "metric"}><RuleTest ruleId={params.id!} unit={unit()} /></Show>
            </div>
          </form>
        </Show>
      </Show>
    </section>
  );
}
