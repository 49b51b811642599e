import { A, useParams } from "@solidjs/router";
import { createResource, Show, type JSX } from "solid-js";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { AlertActions } from "./alert-actions.tsx";
import { AlertTimeline } from "./alert-timeline.tsx";
import { alertsApi, metricsApi, rulesApi, type Alert, type AlertRule, type MetricInfo } from "./alerts-api.ts";
import { AlertsNav } from "./alerts-nav.tsx";
import { formatSeconds, formatValue, labelsText, levelClass, statusClass, statusName } from "./format.ts";
import { useLiveRefresh } from "./live.ts";
import "./texts.ts";
import "./alerts.css";

/** The rule behind an alert and its metric (unit, title): what the threshold means. Missing ones just show less. */
async function ruleAndMetric(ruleId: string): Promise<{ rule: AlertRule | null; metric: MetricInfo | null }> {
  const rule = await rulesApi.get(ruleId).catch(() => null);
  const metric = rule?.metric ? ((await metricsApi.catalog().catch(() => [])).find((m) => m.name === rule.metric) ?? null) : null;
  return { rule, metric };
}

function Facts(props: { a: Alert; rule: AlertRule | null; metric: MetricInfo | null }): JSX.Element {
  const a = () => props.a;
  const unit = () => props.metric?.unit ?? null;
  const condition = () => (props.rule ? `${props.rule.op} ${formatValue(a().threshold ?? props.rule.threshold, unit())}` : formatValue(a().threshold, unit()));
  const series = () => (props.rule?.metric ? `/monitor/series?metric=${encodeURIComponent(props.rule.metric)}${Object.entries(a().labels).map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("")}` : null);
  return (
    <dl class="facts facts--inline">
      <dt>{tr("alerts.status_label")}</dt>
      <dd><span class={statusClass(a().status)} data-testid="alert-detail-status" data-status={a().status}>{statusName(a().status)}</span></dd>
      <dt>{tr("alerts.rule")}</dt>
      <dd><A href={`/monitor/rules/${a().rule_id}`} data-testid="alert-rule-link">{a().rule_name}</A></dd>
      <Show when={Object.keys(a().labels).length}><dt>{tr("alerts.labels")}</dt><dd><code class="al-labels">{labelsText(a().labels)}</code></dd></Show>
      <dt>{tr("alerts.value_vs_threshold")}</dt>
      <dd data-testid="alert-value">
        <strong>{formatValue(a().last_value ?? a().value, unit())}</strong>
        <span class="muted"> · {tr("alerts.fired_value", { value: formatValue(a().value, unit()) })} · {tr("alerts.condition", { condition: condition() })}</span>
        <Show when={props.rule && props.rule.kind === "metric"}><span class="muted"> · {tr("alerts.over_window", { window: formatSeconds(props.rule!.window_s) })}</span></Show>
      </dd>
      <Show when={series()}>{(href) => <><dt>{tr("alerts.metric")}</dt><dd><A href={href()} data-testid="alert-series-link">{props.metric?.title ?? props.rule?.metric}</A></dd></>}</Show>
      <dt>{tr("alerts.fired_at")}</dt><dd>{formatTime(a().fired_at)}</dd>
      <dt>{tr("alerts.last_seen_at")}</dt><dd>{formatTime(a().last_seen_at)}</dd>
      <dt>{tr("alerts.occurrences_label")}</dt><dd>{a().occurrences}</dd>
      <Show when={a().acknowledged_at}>
        <dt>{tr("alerts.acknowledged")}</dt><dd data-testid="alert-acked-by">{a().acknowledged_by_name ?? a().acknowledged_by} · {formatTime(a().acknowledged_at)}</dd>
      </Show>
      <Show when={a().silenced_until}><dt>{tr("alerts.silenced_until_label")}</dt><dd data-testid="alert-silenced-until">{formatTime(a().silenced_until)}</dd></Show>
      <Show when={a().escalation_step > 0}><dt>{tr("alerts.escalated")}</dt><dd>{tr("alerts.escalation_step", { n: a().escalation_step })} · {formatTime(a().escalated_at)}</dd></Show>
      <Show when={a().resolved_at}><dt>{tr("alerts.resolved_at")}</dt><dd>{formatTime(a().resolved_at)} · {a().resolved_by ? tr("alerts.resolved_by_hand") : tr("alerts.recovered_itself")}</dd></Show>
      <Show when={a().runbook_url ?? props.rule?.runbook_url}>
        {(url) => <><dt>{tr("alerts.runbook")}</dt><dd><a href={url()} target="_blank" rel="noopener noreferrer" data-testid="alert-runbook">{tr("alerts.runbook_open")}</a></dd></>}
      </Show>
    </dl>
  );
}

/**
 * One alert (the chat cards' 详情 link opens this): status, value against threshold, the metric's series, the
 * runbook, the event timeline and the actions; refreshed every 15 s so a card click elsewhere shows up here.
 */
export default function AlertDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [alert, { mutate, refetch }] = createResource(() => params.id, (id) => alertsApi.get(id));
  const [ctx] = createResource(() => alert.latest?.rule_id, ruleAndMetric);
  useLiveRefresh(() => void refetch());
  // an action answers the alert without its events: reload to get the new timeline entry
  const changed = (next?: Alert) => {
    if (next) mutate({ ...next, events: alert.latest?.events });
    void refetch();
  };
  return (
    <section class="page" data-testid="alert-detail-page">
      <AlertsNav />
      <ResourceView resource={alert} retry={refetch}>
        {(a) => (
          <div class="al-detail" data-testid="alert-detail" data-id={a().id} data-status={a().status}>
            <PageHeader title={a().title} />
            <div class="row al-detail__head">
              <span class={levelClass(a().level)}>{a().level} · {tr(`alerts.level_name.${a().level}`)}</span>
              <span class="badge badge--muted">{tr(`alerts.kind.${a().kind}`)}</span>
            </div>
            <Show when={a().summary}><p class="al-detail__summary">{a().summary}</p></Show>
            <Facts a={a()} rule={ctx()?.rule ?? null} metric={ctx()?.metric ?? null} />
            <AlertActions alert={a()} onChanged={changed} />
            <h4>{tr("alerts.timeline")}</h4>
            <AlertTimeline events={a().events ?? []} />
          </div>
        )}
      </ResourceView>
    </section>
  );
}
