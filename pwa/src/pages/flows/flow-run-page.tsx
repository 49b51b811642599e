import type { FlowEdge, FlowNode } from "@ops/shared/contracts/flows.ts";
import { A, useParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Match, Show, Switch, type JSX } from "solid-js";
import { flowRunsApi, flowsApi, type FlowRun } from "../../data/flows.ts";
import { FlowView } from "../../designers/flow/flow-view.tsx";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { durationText, FlowRunStatusBadge, NodeStatusBadge } from "./flow-status.tsx";
import { createLiveRun, isFinalRun } from "./live-run.ts";
import { RunNodePanel } from "./run-node-panel.tsx";

/** `/flows/runs/{id}` (chat's flow card links here): the live run graph, each node's details, cancel, retry from the failed nodes, a wait node's decision. */
export default function FlowRunPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  return (
    <Show when={params.id} keyed>
      {(id) => <LiveRunView runId={id} />}
    </Show>
  );
}

function LiveRunView(props: { runId: string }): JSX.Element {
  const live = createLiveRun(props.runId);
  return (
    <Switch fallback={<Loading />}>
      <Match when={live.error()}>
        <ErrorState error={live.error()} retry={live.retry} />
      </Match>
      <Match when={live.run()}>
        {(r) => <RunView run={r()} onChanged={live.put} />}
      </Match>
    </Switch>
  );
}

function RunView(props: { run: FlowRun; onChanged: (r: FlowRun) => void }): JSX.Element {
  const r = () => props.run;
  // the graph of the version this run started with (runs stay on their version)
  const [graph] = createResource(
    () => `${props.run.flow_id}:${props.run.version}`,
    () => flowsApi.version(props.run.flow_id, props.run.version).catch((): { nodes: FlowNode[]; edges: FlowEdge[] } => ({ nodes: props.run.nodes.map((n) => ({ key: n.key, name: n.name, type: n.type })), edges: [] })),
  );
  const [selectedKey, setSelectedKey] = createSignal<string | null>(null);
  const [cancelling, setCancelling] = createSignal(false);
  const [retrying, setRetrying] = createSignal(false);
  const byKey = () => new Map(r().nodes.map((n) => [n.key, n]));
  // a wait node that needs a person opens by itself
  createEffect(() => {
    const waiting = r().nodes.find((n) => n.type === "wait" && n.status === "waiting");
    if (waiting && !selectedKey()) setSelectedKey(waiting.key);
  });
  const cancel = async () => {
    setCancelling(true);
    try {
      props.onChanged(await flowRunsApi.cancel(r().id));
      notify.success(tr("flows.run_cancelled"));
    } catch (e) {
      notifyError(e);
    } finally {
      setCancelling(false);
    }
  };
  // failed, cancelled and downstream nodes queue again on this run; succeeded ones keep their outputs
  const retry = async () => {
    setRetrying(true);
    try {
      props.onChanged(await flowRunsApi.retry(r().id));
      notify.success(tr("flows.run_retried"));
    } catch (e) {
      notifyError(e);
    } finally {
      setRetrying(false);
    }
  };
  return (
    <section class="page" data-testid="flow-run-page" data-status={r().status}>
      <PageHeader
        title={tr("flows.run_page_title", { flow: r().flow_name })}
        subtitle={r().id}
        actions={
          <>
            <Show when={can("flows:run") && !isFinalRun(r())}>
              <Button variant="danger" loading={cancelling()} onClick={cancel} data-testid="flow-run-cancel">{tr("flows.cancel_run")}</Button>
            </Show>
            <Show when={can("flows:run") && (r().status === "failed" || r().status === "cancelled")}>
              <Button variant="primary" loading={retrying()} onClick={retry} data-testid="flow-run-retry">{tr("flows.retry_run")}</Button>
            </Show>
          </>
        }
      />
      <div class="card">
        <dl class="facts" data-testid="flow-run-facts">
          <dt>{tr("flows.run_status")}</dt><dd><FlowRunStatusBadge status={r().status} /> <Show when={!isFinalRun(r())}><span class="badge badge--menu" data-testid="flow-run-live">{tr("flows.live")}</span></Show></dd>
          <dt>{tr("flows.flow")}</dt><dd><A href={`/flows/${r().flow_id}`} data-testid="flow-run-flow">{r().flow_name}</A> <span class="muted">v{r().version}</span></dd>
          <dt>{tr("jobs.trigger")}</dt><dd>{tr("jobs.trigger_by", { trigger: tr(`jobs.trigger.${r().trigger}`), who: r().triggered_by_name ?? tr("jobs.system") })}</dd>
          <dt>{tr("flows.run_params")}</dt><dd><code>{Object.entries(r().params).map(([k, v]) => `${k}=${String(v)}`).join("  ") || "—"}</code></dd>
          <dt>{tr("flows.queued_at")}</dt><dd>{formatTime(r().queued_at)}</dd>
          <dt>{tr("flows.started_at")}</dt><dd>{formatTime(r().started_at)}</dd>
          <dt>{tr("flows.finished_at")}</dt><dd>{formatTime(r().finished_at)}</dd>
          <dt>{tr("flows.duration")}</dt><dd>{durationText(r().duration_ms)}</dd>
        </dl>
        <Show when={r().error}><div class="alert alert--error" data-testid="flow-run-error">{r().error}</div></Show>
      </div>
      <h2 class="section-title">{tr("flows.graph")}</h2>
      <div class="flow-designer__body">
        <Show when={graph()} fallback={<Loading />}>
          {(g) => (
            <FlowView
              nodes={g().nodes}
              edges={g().edges}
              selectedKey={selectedKey()}
              onSelectKey={setSelectedKey}
              status={(key) => byKey().get(key)?.status ?? "pending"}
              statusLabel={(key) => tr(`flows.node_status.${byKey().get(key)?.status ?? "pending"}`)}
              label={tr("flows.run_graph_label")}
            />
          )}
        </Show>
        {/* keyed by node key, not by the polled object: a comment being typed survives each refresh */}
        <Show when={selectedKey()} keyed fallback={<div class="flow-panel muted">{tr("flows.select_hint_run")}</div>}>
          {(key) => <Show when={byKey().get(key)}>{(n) => <RunNodePanel run={r()} node={n()} onChanged={props.onChanged} />}</Show>}
        </Show>
      </div>
      <h2 class="section-title">{tr("flows.nodes")}</h2>
      <div class="card">
        <ul class="flow-node-list" data-testid="flow-run-nodes">
          <For each={r().nodes}>
            {(n) => (
              <li data-key={n.key} data-status={n.status}>
                <button type="button" class="flow-link" onClick={() => setSelectedKey(n.key)}>{n.name || n.key}</button>
                <NodeStatusBadge status={n.status} />
                <span class="muted">{durationText(n.duration_ms)}</span>
              </li>
            )}
          </For>
        </ul>
      </div>
    </section>
  );
}
