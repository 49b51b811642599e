import { createSignal, For, Show, type JSX } from "solid-js";
import { configFlowApi, type ConfigConsumer, type ConfigRelease } from "../../../data/config-flow.ts";
import { can } from "../../../providers/auth.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { ConfirmDialog } from "../../../ui/confirm-dialog.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { grayText } from "../change-sets/status.ts";
import { ReasonDialog } from "../history/reason-dialog.tsx";
import { relStatusBadge, relStatusName } from "./status.ts";

/** The gray release in progress: who it targets, how many known consumers run it, promote to full or abort with a reason. */
export function GrayPanel(props: { table: string; release: ConfigRelease; consumers: ConfigConsumer[]; onChanged: () => void }): JSX.Element {
  const [promoting, setPromoting] = createSignal(false);
  const [aborting, setAborting] = createSignal(false);
  const on = () => props.consumers.filter((c) => c.release === props.release.number).length;
  const share = () => (props.consumers.length ? Math.round((on() / props.consumers.length) * 100) : 0);
  return (
    <section class="card config-flow__section" data-testid="gray-panel" data-release={props.release.number}>
      <div class="config-flow__section-head">
        <h2>{tr("configFlow.rel.gray_title", { n: props.release.number, v: props.release.version })}</h2>
        <span class={relStatusBadge(props.release.status)}>{relStatusName(props.release.status)}</span>
      </div>
      <p data-testid="gray-spec">{grayText(props.release.gray)}</p>
      <div class="config-flow__progress" aria-hidden="true"><span style={{ width: `${share()}%` }} /></div>
      <p class="muted" data-testid="gray-progress">{tr("configFlow.rel.gray_progress", { on: on(), total: props.consumers.length })}</p>
      <Show when={can("config:publish")}>
        <div class="config-flow__actions">
          <Button variant="primary" data-testid="gray-promote" onClick={() => setPromoting(true)}>{tr("configFlow.rel.promote")}</Button>
          <Button variant="danger" data-testid="gray-abort" onClick={() => setAborting(true)}>{tr("configFlow.rel.abort")}</Button>
        </div>
      </Show>
      <ConfirmDialog
        open={promoting()} onOpenChange={setPromoting} title={tr("configFlow.rel.promote")} message={tr("configFlow.rel.promote_confirm", { n: props.release.number })}
        onConfirm={async () => {
          await configFlowApi.promote(props.table, props.release.number);
          notify.success(tr("configFlow.rel.promoted"));
          props.onChanged();
        }}
      />
      <ReasonDialog
        open={aborting()} onOpenChange={setAborting} title={tr("configFlow.rel.abort")} confirmLabel={tr("configFlow.rel.abort")} danger testid="abort-dialog"
        onConfirm={async (reason) => {
          await configFlowApi.abort(props.table, props.release.number, reason);
          notify.success(tr("configFlow.rel.aborted"));
          props.onChanged();
        }}
      >
        <p>{tr("configFlow.rel.abort_explain")}</p>
      </ReasonDialog>
    </section>
  );
}

/** Who runs which release: each known consumer's name, labels, release, address and last poll. */
export function ConsumersTable(props: { consumers: ConfigConsumer[]; gray: number | null }): JSX.Element {
  return (
    <DataTable<ConfigConsumer>
      testid="consumers-table"
      items={props.consumers}
      empty={tr("configFlow.rel.no_consumers")}
      rowKey={(c) => c.name}
      columns={[
        { key: "name", header: tr("configFlow.rel.consumer"), primary: true, render: (c) => <code data-col="name">{c.name}</code> },
        { key: "labels", header: tr("configFlow.rel.labels"), render: (c) => <For each={c.labels}>{(l) => <span class="badge badge--muted badge--kind">{l}</span>}</For> },
        {
          key: "release", header: tr("configFlow.rel.runs"),
          render: (c) => <span data-col="release" classList={{ "badge badge--warn": c.release === props.gray }}>#{c.release} · v{c.version}</span>,
        },
        { key: "address", header: tr("configFlow.rel.address"), render: (c) => c.address },
        { key: "seen", header: tr("configFlow.rel.last_seen"), render: (c) => formatTime(c.last_seen_at) },
      ]}
    />
  );
}
