import { useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { flowRunsApi, flowsApi, type Flow } from "../../data/flows.ts";
import { createPagedResource } from "../../data/paged.ts";
import { FlowView } from "../../designers/flow/flow-view.tsx";
import { formatTime, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { FlowActionButtons, FlowActionDialogs, type FlowAction, type PendingFlowAction } from "./flow-actions.tsx";
import { FlowRunsTable } from "./flow-runs-table.tsx";
import { NodeFacts } from "./node-facts.tsx";

/** `/flows/{id}`: the graph (read-only), its versions (view any), recent runs and the actions the reader may take. */
export default function FlowDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [flow, { refetch }] = createResource(() => params.id, flowsApi.get);
  return (
    <ResourceView resource={flow} retry={refetch}>
      {(f) => (
        <Show when={`${f().id}:${f().version}`} keyed>
          <FlowDetail flow={f()} onChanged={() => void refetch()} />
        </Show>
      )}
    </ResourceView>
  );
}

type Graph = Pick<Flow, "nodes" | "edges">;

function FlowDetail(props: { flow: Flow; onChanged: () => void }): JSX.Element {
  const [viewing, setViewing] = createSignal(props.flow.version);
  const [selectedKey, setSelectedKey] = createSignal<string | null>(null);
  const [versions] = createResource(() => props.flow.id, (id) => flowsApi.versions(id).catch(() => []), { initialValue: [] });
  const [shown] = createResource(viewing, (v): Promise<Graph> => (v === props.flow.version ? Promise.resolve(props.flow) : flowsApi.version(props.flow.id, v)));
  const runs = createPagedResource(flowRunsApi.list, { flow_id: props.flow.id });
  const [pending, setPending] = createSignal<PendingFlowAction | null>(null);
  const navigate = useNavigate();
  const graph = (): Graph => shown.latest ?? props.flow;
  const node = () => graph().nodes.find((n) => n.key === selectedKey());
  return (
    <section class="page" data-testid="flow-detail">
      <PageHeader title={props.flow.name} subtitle={props.flow.description} actions={<FlowActionButtons flow={props.flow} onAction={(action: FlowAction, flow: Flow) => setPending({ action, flow })} onChanged={props.onChanged} size="md" />} />
      <div class="card">
        <dl class="facts" data-testid="flow-facts">
          <dt>{tr("flows.version")}</dt><dd data-testid="flow-version">v{props.flow.version}</dd>
          <dt>{tr("flows.nodes")}</dt><dd>{tr("flows.node_count", { n: props.flow.nodes.length })}</dd>
          <dt>{tr("flows.params")}</dt><dd>{Object.entries(props.flow.params ?? {}).map(([k, v]) => `${k}=${String(v)}`).join("  ") || "—"}</dd>
          <dt>{tr("flows.owner_department")}</dt><dd>{props.flow.owner_department_name ?? "—"}</dd>
          <dt>{tr("flows.tags")}</dt><dd>{props.flow.tags.join("、") || "—"}</dd>
          <dt>{tr("flows.updated_at")}</dt><dd>{formatTime(props.flow.updated_at)}</dd>
          <Show when={props.flow.schedule}>
            <dt>{tr("flows.schedule")}</dt>
            <dd data-testid="flow-schedule-status" data-status={props.flow.status}>
              {props.flow.status === "paused" ? tr("flows.schedule_paused") : props.flow.next_fire_at ? tr("flows.next_fire", { time: formatTime(props.flow.next_fire_at) }) : "—"}
            </dd>
          </Show>
        </dl>
      </div>
      <h2 class="section-title">
        {tr("flows.graph")}
        <Show when={viewing() !== props.flow.version}> <span class="badge badge--warn" data-testid="flow-viewing-version">{tr("flows.viewing_version", { v: viewing() })}</span></Show>
      </h2>
      <div class="flow-designer__body">
        <FlowView nodes={graph().nodes} edges={graph().edges} selectedKey={selectedKey()} onSelectKey={setSelectedKey} label={tr("flows.canvas_label")} />
        <Show when={node()} fallback={<div class="flow-panel muted">{tr("flows.select_hint_view")}</div>}>{(n) => <NodeFacts node={n()} />}</Show>
      </div>
      <h2 class="section-title">{tr("flows.versions")}</h2>
      <div class="card">
        <ol class="flow-versions" data-testid="flow-versions">
          <For each={[...versions()].sort((a, b) => b.version - a.version)} fallback={<li class="muted">—</li>}>
            {(v) => (
              <li data-version={v.version}>
                <strong>v{v.version}</strong> <span class="muted">{formatTime(v.created_at)} {v.created_by_name ?? ""}</span>{" "}
                <Show when={v.version !== viewing()} fallback={<span class="badge badge--menu">{tr("flows.version_shown")}</span>}>
                  <Button size="sm" variant="ghost" onClick={() => setViewing(v.version)} data-testid="flow-view-version">{tr("flows.view_version")}</Button>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </div>
      <h2 class="section-title">{tr("flows.recent_runs")}</h2>
      <ResourceView resource={runs.data} retry={runs.refetch}>
        {(page) => (
          <>
            <FlowRunsTable items={page().items} showFlow={false} />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={runs.setPage} />
          </>
        )}
      </ResourceView>
      <FlowActionDialogs pending={pending()} onClose={() => setPending(null)} onDeleted={() => navigate("/flows", { replace: true })} />
    </section>
  );
}
