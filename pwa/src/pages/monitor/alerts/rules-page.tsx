import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { can } from "../../../providers/auth.ts";
import { tr } from "../../../providers/i18n.ts";
import { notify, notifyError } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { ConfirmDialog } from "../../../ui/confirm-dialog.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { Switch } from "../../../ui/switch.tsx";
import { alertsApi, inputOf, metricsApi, rulesApi, type Alert, type AlertRule, type AlertStatus, type MetricInfo } from "./alerts-api.ts";
import { AlertsNav } from "./alerts-nav.tsx";
import { formatSeconds, formatValue, levelClass, statusClass, statusName } from "./format.ts";
import "./texts.ts";
import "./alerts.css";

/** Each rule's worst open alert (firing over acknowledged over silenced): the list's "last state". */
async function openStates(): Promise<Map<string, AlertStatus>> {
  const rank: AlertStatus[] = ["firing", "acknowledged", "silenced"];
  const pages = await Promise.all(rank.map((s) => alertsApi.list({ status: s, page_size: 200 }).catch(() => ({ items: [] as Alert[] }))));
  const out = new Map<string, AlertStatus>();
  for (const p of pages) for (const a of p.items) if (!out.has(a.rule_id)) out.set(a.rule_id, a.status);
  return out;
}

/** "API 错误率 > 5 % · 1 分钟" (the aggregation named unless it is the metric's natural value). */
function condition(r: AlertRule, metric: MetricInfo | undefined): string {
  if (r.kind === "security") return tr("rules.security_condition", { detector: tr(`rules.detector.${r.detector}`), threshold: r.threshold, window: formatSeconds(r.window_s) });
  const what = metric?.title ?? r.metric ?? "";
  const agg = r.agg === "value" ? what : `${tr(`rules.agg_name.${r.agg}`)}(${what})`;
  return `${agg} ${r.op} ${formatValue(r.threshold, metric?.unit)} · ${formatSeconds(r.window_s)}`;
}

function RuleRow(props: { r: AlertRule; metric?: MetricInfo; state?: AlertStatus; onToggle: (on: boolean) => void; onDelete: () => void }): JSX.Element {
  const r = () => props.r;
  return (
    <li class="al-rule" data-testid="rule-item" data-id={r().id} data-enabled={r().enabled ? "1" : "0"}>
      <div class="al-item__top">
        <span class={levelClass(r().level)}>{r().level}</span>
        <A class="al-item__title" href={`/monitor/rules/${r().id}`} data-testid="rule-link">{r().name}</A>
        <Show when={r().builtin}><span class="badge badge--menu badge--kind">{tr("rules.builtin")}</span></Show>
        <Show when={props.state} fallback={<span class="badge badge--ok" data-testid="rule-state">{tr("rules.state_ok")}</span>}>
          {(s) => <A href={`/monitor/alerts?status=${s()}&rule_id=${r().id}`} class={statusClass(s())} data-testid="rule-state">{statusName(s())}</A>}
        </Show>
      </div>
      <div class="al-item__meta">
        <span class="badge badge--muted badge--kind">{tr(`rules.kind.${r().kind}`)}</span>
        <span class="al-labels" title={r().metric ?? r().detector ?? ""}>{condition(r(), props.metric)}</span>
      </div>
      <div class="al-rule__controls">
        <Show when={can("monitor:manage")} fallback={<span class="muted">{r().enabled ? tr("rules.enabled") : tr("rules.disabled")}</span>}>
          <Switch label={tr("rules.enabled")} checked={r().enabled} onChange={props.onToggle} />
          <Show when={!r().builtin}><Button size="sm" variant="ghost" data-testid="rule-delete" onClick={props.onDelete}>{tr("common.delete")}</Button></Show>
        </Show>
      </div>
    </li>
  );
}

/** 告警规则: every rule with its level, what it watches, its current state and an enabled toggle (monitor:manage). */
export default function RulesPage(): JSX.Element {
  const [rules, { refetch, mutate }] = createResource(rulesApi.list);
  const [states] = createResource(openStates, { initialValue: new Map() });
  const [metrics] = createResource(() => metricsApi.catalog().catch(() => []), { initialValue: [] });
  const [deleting, setDeleting] = createSignal<AlertRule | null>(null);
  const toggle = async (r: AlertRule, on: boolean) => {
    try {
      const saved = await rulesApi.update(r.id, { ...inputOf(r), enabled: on });
      mutate((rules() ?? []).map((x) => (x.id === r.id ? { ...x, ...saved, enabled: on } : x)));
      notify.success(tr(on ? "rules.done.enabled" : "rules.done.disabled"));
    } catch (e) {
      notifyError(e);
      void refetch();
    }
  };
  return (
    <section class="page" data-testid="rules-page">
      <PageHeader title={tr("rules.title")} subtitle={tr("rules.subtitle")}
        actions={<Show when={can("monitor:manage")}><A class="btn btn--primary btn--md" href="/monitor/rules/new" data-testid="rule-new">{tr("rules.new")}</A></Show>} />
      <AlertsNav />
      <ResourceView resource={rules} retry={refetch}>
        {(list) => (
          <ul class="al-list" data-testid="rules-list">
            <For each={list()} fallback={<li class="state muted">{tr("rules.empty")}</li>}>
              {(r) => <RuleRow r={r} metric={metrics().find((m) => m.name === r.metric)} state={states().get(r.id)} onToggle={(on) => void toggle(r, on)} onDelete={() => setDeleting(r)} />}
            </For>
          </ul>
        )}
      </ResourceView>
      <ConfirmDialog open={!!deleting()} onOpenChange={(o) => !o && setDeleting(null)} title={tr("rules.delete")} danger confirmLabel={tr("common.delete")}
        message={tr("rules.delete_confirm", { name: deleting()?.name ?? "" })}
        onConfirm={async () => {
          await rulesApi.remove(deleting()!.id);
          notify.success(tr("rules.done.deleted"));
          void refetch();
        }} />
    </section>
  );
}
