import { For, Show, type JSX } from "solid-js";
import type { FeedbackEvent } from "../../data/feedback.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { statusBadge, statusName } from "./status.ts";

function what(e: FeedbackEvent): JSX.Element {
  if (e.kind === "created") return tr("feedback.event.created");
  if (e.kind === "comment") return tr("feedback.event.comment");
  if (e.kind === "assign") return e.assignee ? tr("feedback.event.assign", { name: e.assignee.display_name }) : tr("feedback.event.unassign");
  return (
    <>
      {tr(`feedback.action.${e.action}`)}
      <Show when={e.to_status}>{(s) => <> → <span class={statusBadge(s())}>{statusName(s())}</span></>}</Show>
      <Show when={e.assignee}>{(a) => <span class="muted"> · {tr("feedback.event.assign", { name: a().display_name })}</span>}</Show>
    </>
  );
}

/** Who did what when, oldest first, with their words. */
export function FeedbackTimeline(props: { events: FeedbackEvent[] }): JSX.Element {
  return (
    <ol class="fb-timeline" data-testid="feedback-timeline">
      <For each={props.events}>
        {(e) => (
          <li class="fb-timeline__item" data-kind={e.kind} data-action={e.action ?? ""}>
            <div class="fb-timeline__head">
              <strong>{e.actor?.display_name ?? "—"}</strong> <span>{what(e)}</span>
              <time class="muted" datetime={e.created_at}>{formatTime(e.created_at)}</time>
            </div>
            <Show when={e.comment}>
              <p class="fb-timeline__comment" data-testid="feedback-event-comment">{e.comment}</p>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}
