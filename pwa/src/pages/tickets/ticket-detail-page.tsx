import { useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import {
  TICKET_LIMITS, TICKET_ATTACHMENT_TYPES, ticketNumber, ticketsApi,
  type TicketAction, type TicketAttachment, type TicketDetail, type TicketEvent,
} from "../../data/tickets.ts";
import { TICKET_NEXT_PARTY } from "@ops/shared/contracts/tickets.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { CommentForm as CommentFormBase } from "../../ui/comment-form.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { actionName, kindName, partyName, priorityBadge, priorityName, statusBadge, statusName } from "./status.ts";
import "./tickets.css";

const NEEDS_NOTE = new Set<TicketAction>(["review_reject", "send_back"]);
const VARIANT: Partial<Record<TicketAction, "primary" | "danger">> = {
  review_approve: "primary", assign: "primary", start: "primary", submit: "primary", confirm: "primary", close: "primary", review_reject: "danger", send_back: "danger",
};

/** A file of the timeline: fetched with the session's token, then opened (a plain link could not send it). */
function FileLink(props: { ticketId: string; file: TicketAttachment }): JSX.Element {
  const open = async () => {
    const url = await ticketsApi.attachmentUrl(props.ticketId, props.file.id);
    const a = document.createElement("a");
    a.href = url;
    a.download = props.file.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <button type="button" class="btn btn--ghost btn--sm" data-testid="ticket-attachment" data-name={props.file.name} onClick={() => void open()}>
      📎 {props.file.name} <span class="muted">({Math.ceil(props.file.size / 1024)} KB)</span>
    </button>
  );
}

function eventText(e: TicketEvent): string {
  if (e.kind === "transition" && e.action) return `${actionName(e.action)} → ${e.to_status ? statusName(e.to_status) : ""}`;
  return tr(`tickets.event.${e.kind}`);
}

function Timeline(props: { d: TicketDetail }): JSX.Element {
  return (
    <ol class="tk-timeline" data-testid="ticket-timeline">
      <For each={props.d.events}>
        {(e) => (
          <li data-testid="ticket-event" data-kind={e.kind} data-action={e.action ?? ""}>
            <div class="tk-timeline__when">{formatTime(e.created_at)} · {e.actor?.display_name ?? tr("tickets.system")}</div>
            <div>{eventText(e)}<Show when={e.assignee}> · {e.assignee!.display_name}</Show></div>
            <Show when={e.comment && e.kind !== "sla_reminder" && e.kind !== "sla_breach"}><p class="tk-timeline__comment">{e.comment}</p></Show>
            <Show when={e.attachments.length}>
              <div class="tk-files"><For each={e.attachments}>{(f) => <FileLink ticketId={props.d.id} file={f} />}</For></div>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

/** The next step the caller may take (the API's allowed_actions), with the note and, for the PM, the engineer. */
function NextStep(props: { d: TicketDetail; onChanged: (d: TicketDetail) => void; onStale: () => void }): JSX.Element {
  const [note, setNote] = createSignal("");
  const [engineer, setEngineer] = createSignal("");
  const [noteError, setNoteError] = createSignal<string>();
  const [busy, setBusy] = createSignal<TicketAction | null>(null);
  const errors = createFormErrors();
  const canAssign = () => props.d.allowed_actions.includes("assign");
  const [assignees] = createResource(canAssign, async (yes) => (yes ? (await ticketsApi.assignees()).items : []));
  const waiting = () => TICKET_NEXT_PARTY[props.d.status];

  const move = async (action: TicketAction) => {
    errors.clear();
    setNoteError(undefined);
    const comment = note().trim();
    if (NEEDS_NOTE.has(action) && !comment) return setNoteError(tr("tickets.note_required", { action: actionName(action) }));
    setBusy(action);
    try {
      const d = await ticketsApi.transition(props.d.id, { action, ...(comment ? { comment } : {}), ...(action === "assign" && engineer() ? { assignee: engineer() } : {}) });
      setNote("");
      notify.success(tr("tickets.moved", { action: actionName(action), status: statusName(d.status) }));
      props.onChanged(d);
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        notify.error(e.message);
        props.onStale();
      } else errors.fail(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="tk-step" data-testid="ticket-next-step">
      <strong>{tr("tickets.next_step")}</strong>
      <Show when={waiting()}><p class="muted" data-testid="ticket-waiting-on">{tr("tickets.waiting_on", { party: partyName(waiting()!) })}</p></Show>
      <Show when={props.d.allowed_actions.length} fallback={<p class="muted">{tr("tickets.no_actions")}</p>}>
        <Show when={canAssign()}>
          <Select name="assignee" label={tr("tickets.engineer")} value={engineer()} onChange={setEngineer} placeholder={tr("tickets.engineer_required")}
            error={errors.of("assignee")} options={(assignees() ?? []).map((u) => ({ value: u.username, label: `${u.display_name}（${u.username}）` }))} />
        </Show>
        <TextField name="note" label={tr("tickets.note")} multiline value={note()} onChange={setNote} placeholder={tr("tickets.note_placeholder")}
          error={noteError() ?? errors.of("comment")} />
        <div class="tk-step__buttons">
          <For each={props.d.allowed_actions}>
            {(a) => (
              <Button size="sm" variant={VARIANT[a] ?? "secondary"} loading={busy() === a} disabled={busy() !== null && busy() !== a} data-testid={`ticket-action-${a}`} onClick={() => void move(a)}>
                {actionName(a)}
              </Button>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
}

/** A comment on the ticket's timeline, with up to three files. */
function CommentForm(props: { d: TicketDetail; onChanged: (d: TicketDetail) => void }): JSX.Element {
  return (
    <CommentFormBase
      testId="ticket" textField="content" accept={TICKET_ATTACHMENT_TYPES}
      send={async (text, files) => props.onChanged(await ticketsApi.comment(props.d.id, text, files))}
      words={{
        label: tr("tickets.comment"), placeholder: tr("tickets.comment_placeholder"), attach: tr("tickets.attach"), send: tr("tickets.comment_send"),
        hint: tr("tickets.attach_hint", { max: TICKET_LIMITS.attachmentsPerComment, kb: TICKET_LIMITS.attachmentBytes / 1024 }),
      }}
    />
  );
}

/** One ticket: what and who, its SLA, the timeline with comments and files, the next step and a comment box. */
export default function TicketDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [detail, { mutate, refetch }] = createResource(() => params.id, (id) => ticketsApi.get(id));
  return (
    <section class="page" data-testid="ticket-detail-page">
      <ResourceView resource={detail} retry={refetch}>
        {(d) => (
          <div data-testid="ticket-detail" data-id={d().id} data-status={d().status}>
            <PageHeader title={`${ticketNumber(d().no)} ${d().title}`} />
            <div class="tk-detail">
              <div>
                <dl class="facts facts--inline">
                  <dt>{tr("tickets.status_label")}</dt>
                  <dd><span class={statusBadge(d().status)} data-testid="ticket-status" data-status={d().status}>{statusName(d().status)}</span>
                    <Show when={d().sla_breached}> <span class="badge badge--danger">{tr("tickets.breached")}</span></Show></dd>
                  <dt>{tr("tickets.field.kind")}</dt><dd>{kindName(d().kind)}</dd>
                  <dt>{tr("tickets.field.priority")}</dt><dd><span class={priorityBadge(d().priority)}>{priorityName(d().priority)}</span></dd>
                  <dt>{tr("tickets.reporter")}</dt><dd>{d().reporter?.display_name ?? "—"}</dd>
                  <dt>{tr("tickets.dept")}</dt><dd>{d().dept_name ?? "—"}</dd>
                  <dt>{tr("tickets.assignee")}</dt><dd data-testid="ticket-assignee">{d().assignee?.display_name ?? tr("tickets.unassigned")}</dd>
                  <dt>{tr("tickets.created_at")}</dt><dd>{formatTime(d().created_at)}</dd>
                  <dt>{tr("tickets.response_due")}</dt><dd>{formatTime(d().response_due_at)}</dd>
                  <dt>{tr("tickets.resolution_due")}</dt><dd>{formatTime(d().resolution_due_at)}</dd>
                </dl>
                <Show when={d().description}><p class="tk-detail__desc" data-testid="ticket-description">{d().description}</p></Show>
                <h4>{tr("tickets.timeline")}</h4>
                <Timeline d={d()} />
                <Show when={d().can_comment}><CommentForm d={d()} onChanged={mutate} /></Show>
              </div>
              <NextStep d={d()} onChanged={mutate} onStale={() => void refetch()} />
            </div>
          </div>
        )}
      </ResourceView>
    </section>
  );
}
