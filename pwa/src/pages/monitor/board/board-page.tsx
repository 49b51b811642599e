import "../texts.ts";
import { A } from "@solidjs/router";
import { createResource, createSignal, For, Index, type JSX } from "solid-js";
import { ALERT_LEVELS } from "@ops/shared/contracts/monitor.ts";
import { tr } from "../../../providers/i18n.ts";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { monitorApi, type MonitorOverview } from "../monitor-api.ts";
import { MonitorNav, RangeBar, useAutoRefresh, useRangeParams } from "../monitor-controls.tsx";
import { OverviewCardView } from "./overview-card.tsx";
import { TrendChart } from "./trend-chart.tsx";
import "../monitor.css";

/** How many cards also get a chart over the chosen range below the cards. */
const TRENDS = 4;

function AlertCounts(props: { o: MonitorOverview }): JSX.Element {
  const link = (q: string) => `/monitor/alerts?${q}`;
  return (
    <section class="card mon-panel" data-testid="monitor-alert-counts">
      <h2 class="mon-panel__title">{tr("monitor.alerts_title")}</h2>
      <div class="mon-counts">
        <A href={link("status=firing")} class="mon-count mon-count--danger" data-testid="alerts-firing"><strong>{props.o.alerts.firing}</strong><span>{tr("monitor.alerts_firing")}</span></A>
        <A href={link("status=acknowledged")} class="mon-count mon-count--warn"><strong>{props.o.alerts.acknowledged}</strong><span>{tr("monitor.alerts_acknowledged")}</span></A>
        <A href={link("status=silenced")} class="mon-count"><strong>{props.o.alerts.silenced}</strong><span>{tr("monitor.alerts_silenced")}</span></A>
      </div>
      <div class="mon-levels">
        <For each={ALERT_LEVELS}>
          {(l) => (
            <A href={link(`status=firing&level=${l}`)} class={`badge mon-level mon-level--${l}`} data-level={l}>
              {l} · {props.o.alerts.by_level[l] ?? 0}
            </A>
          )}
        </For>
      </div>
    </section>
  );
}

function NodeCounts(props: { o: MonitorOverview }): JSX.Element {
  return (
    <section class="card mon-panel" data-testid="monitor-node-counts">
      <h2 class="mon-panel__title">{tr("monitor.nodes_title")}</h2>
      <A href="/monitor/nodes" class="mon-counts link-plain">
        <span class="mon-count mon-count--ok"><strong data-testid="nodes-up">{props.o.nodes.up}</strong><span>{tr("monitor.nodes_up")}</span></span>
        <span class="mon-count" classList={{ "mon-count--danger": props.o.nodes.silent > 0 }}><strong data-testid="nodes-silent">{props.o.nodes.silent}</strong><span>{tr("monitor.nodes_silent")}</span></span>
        <span class="mon-count"><strong>{props.o.nodes.draining}</strong><span>{tr("monitor.nodes_draining")}</span></span>
      </A>
    </section>
  );
}

/** `/monitor`: overview cards, alert and node counts, and the main metrics over the chosen range. */
export default function BoardPage(): JSX.Element {
  const rp = useRangeParams();
  const [overview, { refetch }] = createResource(() => monitorApi.overview());
  // the charts refetch when this changes (the reload button and auto-refresh bump it)
  const [tick, setTick] = createSignal(0);
  const reload = () => {
    void refetch();
    setTick((n) => n + 1);
  };
  useAutoRefresh(rp.refresh, reload);
  return (
    <section class="page mon-page" data-testid="monitor-board">
      <PageHeader title={tr("monitor.board_title")} subtitle={tr("monitor.board_subtitle")} />
      <MonitorNav />
      <RangeBar range={rp.range()} onRange={rp.setRange} refresh={rp.refresh()} onRefresh={rp.setRefresh} onReload={reload} />
      <ResourceView resource={overview} retry={refetch}>
        {(o) => (
          <>
            <div class="mon-cards" data-testid="monitor-cards">
              <For each={o().cards} fallback={<p class="state">{tr("monitor.no_cards")}</p>}>{(c) => <OverviewCardView card={c} range={rp.range()} />}</For>
            </div>
            <div class="mon-panels">
              <AlertCounts o={o()} />
              <NodeCounts o={o()} />
            </div>
            <div class="mon-trends" data-testid="monitor-trends">
              {/* Index: a refetched overview keeps the charts (and their canvases) in place */}
              <Index each={o().cards.slice(0, TRENDS)}>{(c) => <TrendChart card={c()} range={rp.range()} tick={tick()} />}</Index>
            </div>
          </>
        )}
      </ResourceView>
    </section>
  );
}
