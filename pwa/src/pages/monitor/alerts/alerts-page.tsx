import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, For, Show, type JSX } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { Button } from "../../../ui/button.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { PullRefresh } from "../../home/pull-refresh.tsx";
import { createNow, relativeTime } from "../../notifications/relative-time.ts";
import { AlertActions } from "./alert-actions.tsx";
import { ALERT_LEVELS, ALERT_STATUSES, alertsApi, metricsApi, rulesApi, type Alert, type AlertLevel, type AlertStatus, type MetricUnit } from "./alerts-api.ts";
import { AlertsNav } from "./alerts-nav.tsx";
import { formatValue, labelsText, levelClass, statusClass, statusName } from "./format.ts";
import { useLiveRefresh } from "./live.ts";
import "./texts.ts";
import "./alerts.css";

const LOADED = 100;
type Params = { status?: string; level?: string; rule_id?: string };
type View = AlertStatus | "open";

function Row(props: { a: Alert; unit: MetricUnit | null; now: number; onChanged: () => void }): JSX.Element {
  const a = () => props.a;
  return (
    <li class="al-item" data-testid="alert-item" data-id={a().id} data-status={a().status} data-level={a().level}>
      <A class="al-item__link" href={`/monitor/alerts/${a().id}`}>
        <div class="al-item__top">
          <span class={levelClass(a().level)} data-testid="alert-level">{a().level}</span>
          <span class="al-item__title">{a().title}</span>
          <span class={statusClass(a().status)} data-testid="alert-status">{statusName(a().status)}</span>
        </div>
        <div class="al-item__meta">
          <span class="badge badge--muted badge--kind">{a().rule_name}</span>
          <Show when={Object.keys(a().labels).length}><code class="al-labels">{labelsText(a().labels)}</code></Show>
          <Show when={a().last_value !== null || a().value !== null}><span>{tr("alerts.value_short", { value: formatValue(a().last_value ?? a().value, props.unit) })}</span></Show>
          <time datetime={a().fired_at} title={formatTime(a().fired_at)}>{tr("alerts.since", { when: relativeTime(a().fired_at, props.now) })}</time>
          <Show when={a().occurrences > 1}><span data-testid="alert-occurrences">{tr("alerts.occurrences", { n: a().occurrences })}</span></Show>
          <Show when={a().acknowledged_by_name}><span>{tr("alerts.acked_by", { name: a().acknowledged_by_name })}</span></Show>
          <Show when={a().status === "silenced" && a().silenced_until}><span>{tr("alerts.silenced_until", { when: formatTime(a().silenced_until) })}</span></Show>
        </div>
      </A>
      <AlertActions alert={a()} compact onChanged={props.onChanged} />
    </li>
  );
}

/** The rules (for the rule filter's name) and rule id → its metric's unit, so values read "8 %" rather than 0.08. */
function createRuleInfo() {
  const [rules] = createResource(() => rulesApi.list().catch(() => []));
  const [metrics] = createResource(() => metricsApi.catalog().catch(() => []));
  const units = createMemo(() => {
    const unitOf = new Map((metrics() ?? []).map((m) => [m.name, m.unit]));
    return new Map((rules() ?? []).flatMap((r) => (r.metric && unitOf.has(r.metric) ? [[r.id, unitOf.get(r.metric)!] as const] : [])));
  });
  const name = (id: string) => rules()?.find((r) => r.id === id)?.name ?? tr("alerts.rule_filter_clear");
  return { units, name };
}

/**
 * 告警: tabs 告警中 / 已认领 / 已静默 / 已恢复 with their counts (or every open one: `?status=open`), level chips P0–P3 (one at a time, again to clear), an
 * optional rule filter from the URL (the rules list links here); refreshed every 15 s and on monitoring notices.
 */
export default function AlertsPage(): JSX.Element {
  const [params, setParams] = useSearchParams<Params>();
  // `open` (the workbench widget's link): every alert not yet resolved, no tab lit
  const status = (): View => (params.status === "open" || (ALERT_STATUSES as readonly string[]).includes(params.status ?? "") ? params.status : "firing") as View;
  const level = (): AlertLevel | null => ((ALERT_LEVELS as readonly string[]).includes(params.level ?? "") ? (params.level as AlertLevel) : null);
  const filters = () => ({ ...(level() ? { level: level()! } : {}), ...(params.rule_id ? { rule_id: params.rule_id } : {}) });
  const [list, { refetch }] = createResource(
    () => ({ s: status(), f: filters() }),
    (k) => alertsApi.list({ status: k.s, page_size: LOADED, sort: "-fired_at", ...k.f }),
  );
  const [counts, { refetch: recount }] = createResource(
    () => filters(),
    async (f) => Object.fromEntries(await Promise.all(ALERT_STATUSES.map(async (s) => [s, (await alertsApi.list({ status: s, page_size: 1, ...f })).total] as const))) as Record<AlertStatus, number>,
  );
  // rows kept by id across refreshes: a row being tapped (or showing its silence choices) is not rebuilt under the finger
  const [rows, setRows] = createStore<Alert[]>([]);
  createEffect(() => {
    const p = list.latest;
    if (p) setRows(reconcile(p.items, { key: "id" }));
  });
  const { units, name: ruleName } = createRuleInfo();
  const reload = () => {
    void refetch();
    void recount();
  };
  useLiveRefresh(reload);
  const now = createNow();
  const toggleLevel = (l: AlertLevel) => setParams({ level: level() === l ? undefined : l });

  return (
    <section class="page" data-testid="alerts-page">
      <PullRefresh onRefresh={reload} />
      <PageHeader title={tr("alerts.title")} subtitle={tr("alerts.subtitle")}
        actions={<Button onClick={reload} loading={list.loading} data-testid="alerts-refresh">{tr("alerts.refresh")}</Button>} />
      <AlertsNav />
      <div class="al-tabs" role="tablist" data-testid="alerts-tabs">
        <For each={ALERT_STATUSES}>
          {(s) => (
            <button type="button" role="tab" class="al-tab" aria-selected={status() === s} data-status={s} onClick={() => setParams({ status: s })}>
              {tr(`alerts.tab.${s}`)}
              <span class="al-tab__count" classList={{ "al-tab__count--zero": !counts.latest?.[s], "al-tab__count--hot": s === "firing" }} data-testid="alerts-count">{counts.latest?.[s] ?? 0}</span>
            </button>
          )}
        </For>
      </div>
      <div class="al-levels" role="group" aria-label={tr("alerts.level")}>
        <For each={ALERT_LEVELS}>
          {(l) => (
            <button type="button" class={`${levelClass(l)} al-level-chip`} aria-pressed={level() === l} data-testid={`alerts-level-${l}`} onClick={() => toggleLevel(l)}>
              {l} · {tr(`alerts.level_name.${l}`)}
            </button>
          )}
        </For>
        <Show when={params.rule_id}>
          <button type="button" class="badge badge--menu" data-testid="alerts-rule-filter" onClick={() => setParams({ rule_id: undefined })}>{ruleName(params.rule_id!)} ×</button>
        </Show>
      </div>
      <ResourceView resource={list} retry={refetch}>
        {(page) => (
          <>
            <ul class="al-list" data-testid="alerts-list" data-status={status()}>
              <For each={rows} fallback={<li class="state muted" data-testid="alerts-empty">{tr(`alerts.empty.${status()}`)}</li>}>
                {(a) => <Row a={a} unit={units().get(a.rule_id) ?? null} now={now()} onChanged={reload} />}
              </For>
            </ul>
            <Show when={page().total > page().items.length}>
              <p class="muted">{tr("alerts.more_than_loaded", { count: page().items.length, total: page().total })}</p>
            </Show>
          </>
        )}
      </ResourceView>
    </section>
  );
}
