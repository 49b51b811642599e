import { useParams, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, onMount, Show, type JSX } from "solid-js";
import { approvalsApi, type ApprovalAttachment, type ApprovalInstance, type DefinitionVersion, type FormField } from "../../data/approvals.ts";
import { me } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { ApprovalFormView } from "../../ui/approval-form/index.ts";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { CommentForm } from "./comment-form.tsx";
import { CurrentNodes } from "./current-nodes.tsx";
import { DecideSheet, type SheetKind } from "./decide-sheet.tsx";
import { onApprovalNotice } from "./live.ts";
import { statusBadge, statusName } from "./status.ts";
import { Timeline, timelineFiles } from "./timeline.tsx";
import "./approvals.css";

/** The version's form; if it cannot be read, the stored keys as text. */
const fieldsOf = (i: ApprovalInstance, v: DefinitionVersion | undefined): FormField[] =>
  v?.form ?? Object.keys(i.form).map((key) => ({ key, type: "text" as const, label: key }));

async function download(id: string, f: ApprovalAttachment) {
  const url = await approvalsApi.attachmentUrl(id, f.id);
  const a = document.createElement("a");
  a.href = url;
  a.download = f.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The decision buttons for my open task (fixed at the bottom on a phone), and the initiator's 撤回. */
function Actions(props: { inst: ApprovalInstance; version?: DefinitionVersion; onChanged: () => void }): JSX.Element {
  const [sheet, setSheet] = createSignal<SheetKind | null>(null);
  const [withdrawing, setWithdrawing] = createSignal(false);
  const mine = () => props.inst.current.flatMap((n) => n.tasks).filter((t) => t.assignee_id === me()?.id);
  const task = () => mine().find((t) => t.status === "pending");
  const waiting = () => !task() && mine().some((t) => t.status === "waiting");
  const canWithdraw = () => props.inst.status === "pending" && props.inst.initiator_id === me()?.id && (props.version?.settings.allow_withdraw ?? true);
  return (
    <Show when={task() || waiting() || canWithdraw()}>
      <div class="ap-actions" data-testid="approval-actions">
        <Show when={waiting()}><p class="muted" data-testid="approval-waiting">{tr("approvals.my_task_waiting")}</p></Show>
        <Show when={task()}>
          <Button variant="primary" onClick={() => setSheet("approve")} data-testid="approval-approve">{tr("approvals.approve")}</Button>
          <Button variant="danger" onClick={() => setSheet("reject")} data-testid="approval-reject">{tr("approvals.reject")}</Button>
          <Button onClick={() => setSheet("transfer")} data-testid="approval-transfer">{tr("approvals.transfer")}</Button>
          <Button onClick={() => setSheet("add")} data-testid="approval-add">{tr("approvals.add")}</Button>
          <DecideSheet kind={sheet()} task={task()!} inst={props.inst} version={props.version} onClose={() => setSheet(null)} onDone={props.onChanged} />
        </Show>
        <Show when={canWithdraw()}>
          <Button variant="ghost" onClick={() => setWithdrawing(true)} data-testid="approval-withdraw">{tr("approvals.withdraw")}</Button>
          <ConfirmDialog open={withdrawing()} onOpenChange={setWithdrawing} title={tr("approvals.withdraw")} message={tr("approvals.withdraw_confirm", { title: props.inst.title })}
            confirmLabel={tr("approvals.withdraw")} danger onConfirm={async () => {
              await approvalsApi.withdraw(props.inst.id);
              notify.success(tr("approvals.done.withdraw"));
              props.onChanged();
            }} />
        </Show>
      </div>
    </Show>
  );
}

/**
 * One approval: status, the form as submitted, the node(s) holding it with their people, the
 * timeline with comments and files, and what I may do now. A notice about it on the live stream
 * (a decision, a new task) reloads it, so the initiator sees the outcome without reloading.
 */
export default function ApprovalDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [search, setSearch] = useSearchParams<{ cc?: string }>();
  const [inst, { mutate, refetch }] = createResource(() => params.id, (id) => approvalsApi.get(id));
  // keyed by a string, so reloading the instance does not load its (immutable) version again
  const [version] = createResource(
    () => inst.latest && `${inst.latest.definition_key}@${inst.latest.version}`,
    (k) => {
      const at = k.lastIndexOf("@");
      return approvalsApi.version(k.slice(0, at), Number(k.slice(at + 1))).catch(() => undefined);
    },
  );
  onApprovalNotice((id) => {
    if (!id || id === params.id) void refetch();
  });
  // a copy opened here is read: from the 抄送我的 box the link names its task; opened another way
  // (a push, a chat card) my unread copies of this approval are looked up
  onMount(() => {
    const cc = search.cc;
    if (cc) return void approvalsApi.read(cc).catch(() => undefined).finally(() => setSearch({ cc: undefined }, { replace: true }));
    void approvalsApi.tasks("cc", { page_size: 50 }).then(async (page) => {
      for (const t of page.items) if (t.instance_id === params.id && t.status === "unread") await approvalsApi.read(t.id);
    }).catch(() => undefined);
  });

  return (
    <section class="page" data-testid="approval-detail-page">
      <ResourceView resource={inst} retry={refetch}>
        {(i) => (
          <div data-testid="approval-detail" data-id={i().id} data-status={i().status}>
            <PageHeader title={i().title} />
            <div class="ap-detail">
              <div class="ap-detail__main">
                <dl class="facts facts--inline">
                  <dt>{tr("approvals.status_label")}</dt>
                  <dd><span class={statusBadge(i().status)} data-testid="approval-status" data-status={i().status}>{statusName(i().status)}</span></dd>
                  <dt>{tr("approvals.definition")}</dt><dd>{i().definition_name} <span class="muted">v{i().version}</span></dd>
                  <dt>{tr("approvals.initiator")}</dt><dd>{i().initiator_name ?? i().initiator_id}</dd>
                  <dt>{tr("approvals.submitted_at")}</dt><dd>{formatTime(i().created_at)}</dd>
                  <Show when={i().parent_id}><dt>{tr("approvals.parent")}</dt><dd><a href={`/approvals/${i().parent_id}`} data-testid="approval-parent">{tr("approvals.parent_open")}</a></dd></Show>
                  <Show when={i().finished_at}><dt>{tr("approvals.finished_at")}</dt><dd>{formatTime(i().finished_at)}</dd></Show>
                </dl>
                <Show when={i().current.length}>
                  <h4>{tr("approvals.current")}</h4>
                  <CurrentNodes inst={i()} canUrge={i().initiator_id === me()?.id} />
                </Show>
                <h4>{tr("approvals.form")}</h4>
                <Show when={!version.loading} fallback={<p class="muted">{tr("common.loading")}</p>}>
                  <ApprovalFormView fields={fieldsOf(i(), version())} values={i().form} files={timelineFiles(i())} openFile={(f) => void download(i().id, f)} />
                </Show>
                <h4>{tr("approvals.timeline")}</h4>
                <Timeline inst={i()} version={version()} openFile={(f) => void download(i().id, f)} />
                <CommentForm inst={i()} onChanged={mutate} />
              </div>
              <Actions inst={i()} version={version()} onChanged={() => void refetch()} />
            </div>
          </div>
        )}
      </ResourceView>
    </section>
  );
}
