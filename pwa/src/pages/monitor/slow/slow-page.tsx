import "../texts.ts";
import { useSearchParams } from "@solidjs/router";
import { createSignal, type JSX } from "solid-js";
import { tr } from "../../../providers/i18n.ts";
import { Button } from "../../../ui/button.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { Tabs } from "../../../ui/tabs.tsx";
import { MonitorNav } from "../monitor-controls.tsx";
import { SlowRecent } from "./slow-recent.tsx";
import { SlowSummary } from "./slow-summary.tsx";
import "../monitor.css";

/** `/monitor/slow`: the slow query log by statement shape (`?tab=shapes`, default) and the recent statements (`?tab=recent`). */
export default function SlowPage(): JSX.Element {
  const [params, setParams] = useSearchParams<{ tab?: string }>();
  const [tick, setTick] = createSignal(0);
  const tab = () => (params.tab === "recent" ? "recent" : "shapes");
  return (
    <section class="page mon-page" data-testid="monitor-slow">
      <PageHeader title={tr("monitor.q.title")} subtitle={tr("monitor.q.subtitle")} actions={<Button size="sm" onClick={() => setTick((n) => n + 1)}>{tr("common.refresh")}</Button>} />
      <MonitorNav />
      <Tabs value={tab()} onChange={(v) => setParams({ tab: v === "shapes" ? undefined : v })} label={tr("monitor.q.title")}
        tabs={[
          { value: "shapes", label: tr("monitor.q.tab_shapes"), render: () => <SlowSummary tick={tick()} /> },
          { value: "recent", label: tr("monitor.q.tab_recent"), render: () => <SlowRecent tick={tick()} /> },
        ]} />
    </section>
  );
}
