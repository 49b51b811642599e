import { createResource, createSignal, onCleanup, Show, type JSX } from "solid-js";
import { feedbackApi, feedbackNumber, type FeedbackDetail } from "../../data/feedback.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { ResourceView } from "../../ui/states.tsx";
import { FeedbackActions } from "./feedback-actions.tsx";
import { FeedbackTimeline } from "./feedback-timeline.tsx";
import { categoryName, statusBadge, statusName, viaName } from "./status.ts";

/** The screenshot, fetched with the session's token (an <img src> to the API could not send it). */
function Screenshot(props: { id: string }): JSX.Element {
  const [url] = createResource(() => props.id, (id) => feedbackApi.screenshotUrl(id));
  onCleanup(() => {
    const u = url.latest;
    if (u) URL.revokeObjectURL(u);
  });
  return (
    <Show when={!url.error} fallback={<p class="muted">{tr("feedback.screenshot_failed")}</p>}>
      <Show when={url()}>
        {(src) => (
          <a href={src()} target="_blank" rel="noopener" class="fb-detail__shot">
            <img src={src()} alt={tr("feedback.screenshot_view")} data-testid="feedback-detail-screenshot" />
          </a>
        )}
      </Show>
    </Show>
  );
}

function Facts(props: { d: FeedbackDetail }): JSX.Element {
  const d = () => props.d;
  const ctx = () => d().context;
  return (
    <dl class="facts facts--inline" data-testid="feedback-facts">
      <dt>{tr("feedback.status_label")}</dt>
      <dd><span class={statusBadge(d().status)} data-testid="feedback-detail-status" data-status={d().status}>{statusName(d().status)}</span></dd>
      <dt>{tr("feedback.category")}</dt>
      <dd>{categoryName(d().category)}</dd>
      <dt>{tr("feedback.submitter")}</dt>
      <dd>{d().submitter?.display_name ?? "—"} <span class="muted">{d().submitter?.username}</span></dd>
      <dt>{tr("feedback.dept")}</dt>
      <dd>{d().dept_name ?? "—"}</dd>
      <dt>{tr("feedback.assignee")}</dt>
      <dd data-testid="feedback-detail-assignee">{d().assignee?.display_name ?? tr("feedback.unassigned")}</dd>
      <dt>{tr("feedback.submitted_at")}</dt>
      <dd>{formatTime(d().created_at)}</dd>
      <dt>{tr("feedback.via")}</dt>
      <dd>{viaName(d().via)}</dd>
      <dt>{tr("feedback.page")}</dt>
      <dd><code data-testid="feedback-detail-page">{d().page ?? "—"}</code></dd>
      <Show when={ctx().app_version || ctx().viewport || ctx().user_agent}>
        <dt>{tr("feedback.context")}</dt>
        <dd data-testid="feedback-detail-context">
          {[ctx().app_version && `v${ctx().app_version}`, ctx().language, ctx().viewport,
            ctx().online === false ? tr("feedback.ctx.online_no") : ctx().online ? tr("feedback.ctx.online_yes") : null].filter(Boolean).join(" · ")}
          <Show when={ctx().user_agent}><div class="muted fb-detail__ua">{ctx().user_agent}</div></Show>
        </dd>
      </Show>
      <Show when={ctx().last_error_id}>
        <dt>{tr("feedback.ctx.last_error")}</dt>
        <dd><code>{ctx().last_error_reason}</code> <code class="muted">{ctx().last_error_id}</code></dd>
      </Show>
    </dl>
  );
}

/** One feedback: what was said, where, by whom; its screenshot, timeline and the moves the caller may make. */
export function FeedbackDetailView(props: { id: string; onChanged?: (d: FeedbackDetail) => void }): JSX.Element {
  const [detail, { mutate, refetch }] = createResource(() => props.id, (id) => feedbackApi.get(id));
  const [stale, setStale] = createSignal(false);
  const changed = (d: FeedbackDetail) => {
    mutate(d);
    props.onChanged?.(d);
  };
  return (
    <ResourceView resource={detail} retry={refetch}>
      {(d) => (
        <div class="fb-detail" data-testid="feedback-detail" data-id={d().id} data-status={d().status}>
          <h3 class="fb-detail__title">{feedbackNumber(d().no)}</h3>
          <Show when={stale()}><p class="muted" role="status">{tr("feedback.stale")}</p></Show>
          <p class="fb-detail__content" data-testid="feedback-detail-content">{d().content}</p>
          <Facts d={d()} />
          <Show when={d().has_screenshot}><Screenshot id={d().id} /></Show>
          <h4>{tr("feedback.timeline")}</h4>
          <FeedbackTimeline events={d().events} />
          <FeedbackActions detail={d()} onChanged={changed} onStale={() => {
            setStale(true);
            void Promise.resolve(refetch()).then((fresh) => fresh && props.onChanged?.(fresh));
          }} />
        </div>
      )}
    </ResourceView>
  );
}
