import "../texts.ts";
import { createMemo, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { can } from "../../../providers/auth.ts";
import { locale, tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { ConfirmDialog } from "../../../ui/confirm-dialog.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { monitorApi, type NodeInfo, type NodeStatus } from "../monitor-api.ts";
import { MonitorNav, useAutoRefresh } from "../monitor-controls.tsx";
import { formatBytes, formatMs, formatTime, formatUptime } from "../monitor-format.ts";
import { sortNodes } from "../monitor-model.ts";
import "../monitor.css";

/** The page polls this often (nodes report every 10 s; one silent for 30 s is marked). */
const REFRESH_S = 10;

const TONE: Record<NodeStatus, string> = { up: "ok", silent: "danger", draining: "warn", drained: "muted", stopped: "muted" };
function NodeCard(props: { node: NodeInfo; onDrain: (n: NodeInfo) => void }): JSX.Element {
  const n = () => props.node;
  return (
    <li class="card mon-node" classList={{ "mon-node--silent": n().status === "silent" }} data-testid="node-row" data-id={n().id} data-status={n().status}>
      <div class="mon-node__head">
        <strong class="mon-node__host">{n().host}<span class="muted"> · {n().pid}</span></strong>
        <span class={`badge badge--${TONE[n().status]}`} data-testid="node-status">{tr(`monitor.n.status_${n().status}`)}</span>
      </div>
      <div class="mon-node__roles">
        <For each={n().roles}>{(r) => <span class="badge badge--menu">{tr(`monitor.n.role_${r}`)}</span>}</For>
        <span class="muted">v{n().version}</span>
      </div>
      <dl class="mon-node__facts">
        <div><dt>{tr("monitor.n.uptime")}</dt><dd>{formatUptime(n().uptime_s)}</dd></div>
        <div><dt>CPU</dt><dd>{n().cpu_pct === null ? "—" : `${n().cpu_pct!.toFixed(1)} %`}</dd></div>
        <div><dt>RSS</dt><dd>{n().rss_bytes === null ? "—" : formatBytes(n().rss_bytes!, locale())}</dd></div>
        <div><dt>{tr("monitor.n.last_seen")}</dt><dd data-testid="node-last-seen">{formatTime(n().last_seen_at, locale())}</dd></div>
        <Show when={n().status === "draining"}><div><dt>{tr("monitor.n.in_flight")}</dt><dd>{n().in_flight}</dd></div></Show>
        {/* its /readyz at its last report (not for stopped or silent nodes: that answer is stale) */}
        <Show when={n().ready !== null && n().status !== "stopped" && n().status !== "silent"}>
          <div data-testid="node-ready" data-ready={String(n().ready)}>
            <dt>{tr("monitor.n.ready")}</dt>
            <dd classList={{ "mon-bad": !n().ready }}>{n().ready ? tr("monitor.n.ready_yes") : tr("monitor.n.ready_no", { checks: n().not_ready.join(", ") || "—" })}</dd>
          </div>
        </Show>
        {/* its chat connections at its last report: informational, a platform reconnecting leaves the node ready */}
        <Show when={(n().connections ?? []).length && n().status !== "stopped" && n().status !== "silent"}>
          <div data-testid="node-connections" title={tr("monitor.n.connections_hint")}>
            <dt>{tr("monitor.n.connections")}</dt>
            <dd class="mon-node__connections">
              <For each={n().connections}>
                {(c) => (
                  <span class={`badge badge--${c.up ? "ok" : "warn"}`} data-testid="node-connection" data-name={c.name} data-up={String(c.up)}>
                    {c.name} · {tr(c.up ? "monitor.n.conn_up" : "monitor.n.conn_down")}
                  </span>
                )}
              </For>
            </dd>
          </div>
        </Show>
        <Show when={n().drain_requested_at}>
          <div><dt>{tr("monitor.n.drain_by")}</dt><dd>{n().drain_requested_by ?? "—"} · {formatTime(n().drain_requested_at, locale())}</dd></div>
        </Show>
      </dl>
      <Show when={n().queues.length}>
        <ul class="mon-node__queues">
          <For each={n().queues}>
            {(q) => (
              <li>
                <code>{q.queue}</code>
                <span>{tr("monitor.n.waiting", { n: q.waiting })}</span>
                <span>{tr("monitor.n.active", { n: q.active })}</span>
                <Show when={q.dead}><span class="mon-bad">{tr("monitor.n.dead", { n: q.dead })}</span></Show>
                <span>{tr("monitor.n.lag", { lag: q.lag_ms === null ? "—" : formatMs(q.lag_ms, locale()) })}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={can("monitor:manage") && n().status === "up" && n().roles.includes("worker")}>
        <div class="mon-node__actions">
          <Button size="sm" variant="danger" onClick={() => props.onDrain(n())} data-testid="node-drain">{tr("monitor.n.drain")}</Button>
        </div>
      </Show>
    </li>
  );
}

/** `/monitor/nodes`: every OPS process as it last reported; silent ones first; drain for monitor:manage. */
export default function NodesPage(): JSX.Element {
  const [nodes, { refetch }] = createResource(() => monitorApi.nodes());
  const [draining, setDraining] = createSignal<NodeInfo | null>(null);
  useAutoRefresh(() => REFRESH_S, () => void refetch());
  const sorted = createMemo(() => sortNodes(nodes.latest ?? []));
  const drain = async () => {
    const n = draining();
    if (!n) return;
    await monitorApi.drain(n.id);
    notify.success(tr("monitor.n.drain_requested", { host: n.host }));
    await refetch();
  };
  return (
    <section class="page mon-page" data-testid="monitor-nodes">
      <PageHeader title={tr("monitor.n.title")} subtitle={tr("monitor.n.subtitle")} actions={<Button size="sm" onClick={() => void refetch()}>{tr("common.refresh")}</Button>} />
      <MonitorNav />
      <ResourceView resource={nodes} retry={refetch}>
        {() => (
          <ul class="mon-nodes" data-testid="node-list">
            <For each={sorted()} fallback={<li class="state">{tr("monitor.n.empty")}</li>}>{(n) => <NodeCard node={n} onDrain={setDraining} />}</For>
          </ul>
        )}
      </ResourceView>
      <ConfirmDialog open={!!draining()} onOpenChange={(o) => !o && setDraining(null)} title={tr("monitor.n.drain_title")} danger confirmLabel={tr("monitor.n.drain")}
        message={tr("monitor.n.drain_message", { host: draining()?.host ?? "", id: draining()?.id ?? "" })} onConfirm={drain} />
    </section>
  );
}
