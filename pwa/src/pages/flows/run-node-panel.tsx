import { createSignal, For, Show, type JSX } from "solid-js";
import { flowRunsApi, type FlowNodeRun, type FlowRun, type WaitDecision } from "../../data/flows.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { durationText, NodeStatusBadge } from "./flow-status.tsx";

const outputText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v, null, 2));

/** One node of a run: timings, branch taken, output, error, its job runs' logs; a waiting wait node's Continue / Reject. */
export function RunNodePanel(props: { run: FlowRun; node: FlowNodeRun; onChanged: (r: FlowRun) => void }): JSX.Element {
  const n = () => props.node;
  const [comment, setComment] = createSignal("");
  const [busy, setBusy] = createSignal<WaitDecision | null>(null);
  const decide = async (decision: WaitDecision) => {
    setBusy(decision);
    try {
      props.onChanged(await flowRunsApi.decide(props.run.id, n().key, decision, comment()));
      notify.success(tr(decision === "continue" ? "flows.wait.continued" : "flows.wait.rejected", { node: n().name || n().key }));
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="flow-panel" data-testid="run-node-panel" data-key={n().key}>
      <div class="flow-panel__title"><span>{n().name || n().key}</span><NodeStatusBadge status={n().status} /></div>
      <dl class="facts facts--inline">
        <dt>{tr("flows.node.key")}</dt><dd><code>{n().key}</code></dd>
        <dt>{tr("flows.node.type")}</dt><dd>{tr(`flows.node_type.${n().type}`)}</dd>
        <dt>{tr("flows.started_at")}</dt><dd>{formatTime(n().started_at)}</dd>
        <dt>{tr("flows.finished_at")}</dt><dd>{formatTime(n().finished_at)}</dd>
        <dt>{tr("flows.duration")}</dt><dd data-testid="run-node-duration">{durationText(n().duration_ms)}</dd>
        <Show when={n().type === "condition" && n().result !== undefined && n().result !== null}>
          <dt>{tr("flows.node.result")}</dt><dd data-testid="run-node-result">{tr(n().result ? "flows.branch.true" : "flows.branch.false")}</dd>
        </Show>
        <Show when={n().decided_by_name || n().decided_by}>
          <dt>{tr("flows.wait.decided_by")}</dt><dd>{n().decided_by_name ?? n().decided_by}</dd>
        </Show>
        <Show when={n().comment}><dt>{tr("flows.wait.comment")}</dt><dd>{n().comment}</dd></Show>
        <Show when={n().approval_id}>
          <dt>{tr("flows.wait.approval")}</dt><dd><a href={`/approvals/${n().approval_id}`} data-testid="run-node-approval">{tr("flows.wait.approval_open")}</a></dd>
        </Show>
      </dl>
      <Show when={n().run_ids.length}>
        <div class="row row--tight" data-testid="run-node-logs">
          <For each={n().run_ids}>
            {(id, i) => <a class="btn btn--secondary btn--sm" href={`/jobs/runs/${id}`} data-testid="run-node-log">{n().run_ids.length > 1 ? tr("flows.shard_log", { n: i() }) : tr("flows.view_log")}</a>}
          </For>
        </div>
      </Show>
      <Show when={n().error}><div class="alert alert--error" data-testid="run-node-error">{n().error}</div></Show>
      <Show when={n().output !== undefined && n().output !== null && n().output !== ""}>
        <pre class="flow-output" data-testid="run-node-output">{outputText(n().output)}</pre>
      </Show>
      <Show when={n().type === "wait" && n().status === "waiting" && n().approval_id}>
        <p class="muted" data-testid="wait-gated">{tr("flows.wait.approval_gated")}</p>
      </Show>
      <Show when={n().type === "wait" && n().status === "waiting" && !n().approval_id && can("flows:run")}>
        <div class="flow-wait" data-testid="wait-decision">
          <TextField label={tr("flows.wait.comment")} name="comment" multiline value={comment()} onChange={setComment} />
          <div class="row row--tight">
            <Button variant="primary" loading={busy() === "continue"} disabled={!!busy()} onClick={() => void decide("continue")} data-testid="wait-continue">{tr("flows.wait.continue")}</Button>
            <Button variant="danger" loading={busy() === "reject"} disabled={!!busy()} onClick={() => void decide("reject")} data-testid="wait-reject">{tr("flows.wait.reject")}</Button>
          </div>
        </div>
      </Show>
    </div>
  );
}
