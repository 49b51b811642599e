import { useSearchParams } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import { createPagedResource } from "../../data/paged.ts";
import { feedbackApi, feedbackNumber, type Feedback } from "../../data/feedback.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { FeedbackDetailView } from "./feedback-detail.tsx";
import { categoryName, statusBadge, statusName } from "./status.ts";
import "./feedback.css";

function MineCard(props: { item: Feedback; open: boolean; onToggle: () => void; onChanged: () => void }): JSX.Element {
  const f = () => props.item;
  return (
    <li class="fb-card" data-testid="my-feedback-item" data-id={f().id} data-status={f().status}>
      <button type="button" class="fb-card__head" aria-expanded={props.open} onClick={() => props.onToggle()}>
        <span class="fb-card__top">
          <span class="fb-card__no">{feedbackNumber(f().no)}</span>
          <span class={statusBadge(f().status)} data-testid="my-feedback-status">{statusName(f().status)}</span>
          <span class="badge badge--muted badge--kind">{categoryName(f().category)}</span>
          <time class="muted" datetime={f().created_at}>{formatTime(f().created_at)}</time>
        </span>
        <span class="fb-card__content">{f().content}</span>
        <Show when={f().page}><code class="muted fb-card__page">{f().page}</code></Show>
        <span class="fb-card__reply" data-testid="my-feedback-reply">
          <span class="muted">{tr("feedback.last_reply")}：</span>{f().last_reply ?? tr("feedback.no_reply")}
        </span>
      </button>
      <Show when={props.open}>
        <div class="fb-card__detail"><FeedbackDetailView id={f().id} onChanged={() => props.onChanged()} /></div>
      </Show>
    </li>
  );
}

/** 我的反馈: what I sent, its status and the latest reply; opening one shows its timeline, reopen and close. */
export default function MyFeedbackPage(): JSX.Element {
  const [params, setParams] = useSearchParams<{ id?: string }>();
  const list = createPagedResource(feedbackApi.mine, {});
  const toggle = (id: string) => setParams({ id: params.id === id ? undefined : id }, { replace: true });
  return (
    <section class="page" data-testid="my-feedback-page">
      <PageHeader title={tr("feedback.mine_title")} subtitle={tr("feedback.mine_subtitle")} />
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <Show when={page().items.length} fallback={<div class="state" data-testid="my-feedback-empty"><p>{tr("feedback.mine_empty")}</p></div>}>
              <ul class="fb-cards">
                <For each={page().items}>
                  {(f) => <MineCard item={f} open={params.id === f.id} onToggle={() => toggle(f.id)} onChanged={() => void list.refetch()} />}
                </For>
              </ul>
            </Show>
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
    </section>
  );
}
