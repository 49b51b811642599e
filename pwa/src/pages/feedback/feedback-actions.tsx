import { createSignal, For, Show, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { FEEDBACK_LIMITS, feedbackApi, type FeedbackAction, type FeedbackDetail } from "../../data/feedback.ts";
import { me } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { statusName } from "./status.ts";

/** Moves that need a reason (the API refuses them without one too). */
const NEEDS_NOTE = new Set<FeedbackAction>(["reject", "reopen"]);
const VARIANT: Partial<Record<FeedbackAction, "primary" | "danger">> = { resolve: "primary", triage: "primary", reject: "danger" };

/**
 * The moves the API says the caller may make now, with one note that goes along (and to the
 * submitter); then a reply box. A move someone else beat us to reloads the feedback.
 */
export function FeedbackActions(props: { detail: FeedbackDetail; onChanged: (d: FeedbackDetail) => void; onStale: () => void }): JSX.Element {
  const [note, setNote] = createSignal("");
  const [reply, setReply] = createSignal("");
  const [busy, setBusy] = createSignal<string | null>(null);
  const errors = createFormErrors();
  const replyErrors = createFormErrors();
  const [noteError, setNoteError] = createSignal<string | undefined>();

  const run = async (key: string, call: () => Promise<FeedbackDetail>, done?: (d: FeedbackDetail) => void) => {
    setBusy(key);
    try {
      const d = await call();
      props.onChanged(d);
      done?.(d);
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        notify.error(e.message);
        props.onStale();
      } else if (key === "reply") replyErrors.fail(e);
      else errors.fail(e);
    } finally {
      setBusy(null);
    }
  };

  const move = (action: FeedbackAction) => {
    errors.clear();
    setNoteError(undefined);
    const comment = note().trim();
    if (NEEDS_NOTE.has(action) && !comment) {
      setNoteError(tr("feedback.note_required", { action: tr(`feedback.action.${action}`) }));
      return;
    }
    void run(action, () => feedbackApi.transition(props.detail.id, { action, ...(comment ? { comment } : {}) }), (d) => {
      setNote("");
      notify.success(tr("feedback.moved", { action: tr(`feedback.action.${action}`), status: statusName(d.status) }));
    });
  };

  return (
    <div class="fb-actions" data-testid="feedback-actions">
      <Show when={props.detail.allowed_actions.length}>
        <TextField
          label={tr("feedback.note")} name="note" multiline value={note()} onChange={setNote} placeholder={tr("feedback.note_placeholder")}
          error={noteError() ?? errors.of("comment")}
        />
        <div class="row fb-actions__buttons">
          <For each={props.detail.allowed_actions}>
            {(a) => (
              <Button size="sm" variant={VARIANT[a] ?? "secondary"} loading={busy() === a} disabled={busy() !== null && busy() !== a} data-testid={`feedback-action-${a}`} onClick={() => move(a)}>
                {tr(`feedback.action.${a}`)}
              </Button>
            )}
          </For>
          <Show when={props.detail.can_manage && props.detail.assignee?.id !== me()?.id && props.detail.status !== "closed"}>
            <Button size="sm" variant="ghost" loading={busy() === "assign"} data-testid="feedback-assign-me"
              onClick={() => void run("assign", () => feedbackApi.assign(props.detail.id, me()!.id))}>
              {tr("feedback.assign_to_me")}
            </Button>
          </Show>
        </div>
      </Show>
      <Show when={props.detail.reopen_until && props.detail.allowed_actions.includes("reopen") && props.detail.submitter?.id === me()?.id}>
        <p class="muted">{tr("feedback.reopen_until", { time: formatTime(props.detail.reopen_until) })}</p>
      </Show>
      <Show when={props.detail.can_comment}>
        <form class="fb-actions__reply" onSubmit={(e) => {
          e.preventDefault();
          replyErrors.clear();
          void run("reply", () => feedbackApi.comment(props.detail.id, reply()), () => setReply(""));
        }}>
          <TextField
            label={tr("feedback.comment")} name="reply" multiline value={reply()} onChange={setReply} placeholder={tr("feedback.comment_placeholder")}
            error={replyErrors.of("content")} description={`${Array.from(reply()).length} / ${FEEDBACK_LIMITS.commentMax}`}
          />
          <Button type="submit" size="sm" loading={busy() === "reply"} disabled={!reply().trim()} data-testid="feedback-reply-send">{tr("feedback.comment_send")}</Button>
        </form>
      </Show>
    </div>
  );
}
