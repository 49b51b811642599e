import { useSearchParams } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import { createPagedResource } from "../../data/paged.ts";
import { feedbackApi, feedbackNumber, type Feedback } from "../../data/feedback.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { DataTable } from "../../ui/data-table.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { FeedbackDetailView } from "./feedback-detail.tsx";
import { FeedbackFilters, OPEN_STATUSES, type FeedbackFilterValues } from "./feedback-filters.tsx";
import { FeedbackSheet } from "./feedback-sheet.tsx";
import { categoryName, statusBadge, statusName } from "./status.ts";
import "./feedback.css";

const excerpt = (s: string) => (Array.from(s).length > 60 ? `${Array.from(s).slice(0, 60).join("")}…` : s);

/**
 * Handlers' page: feedback in their data scope (open work first), a table on desktop and cards on
 * phones, and a side sheet with context, timeline and the moves. `?id=` (notification links) opens one.
 */
export default function FeedbackAdminPage(): JSX.Element {
  const [params, setParams] = useSearchParams<{ id?: string }>();
  const initial: FeedbackFilterValues = { status: OPEN_STATUSES };
  const list = createPagedResource(feedbackApi.list, initial);
  const open = (id: string | undefined) => setParams({ id }, { replace: !id });

  return (
    <section class="page" data-testid="feedback-admin-page">
      <PageHeader title={tr("feedback.admin_title")} subtitle={tr("feedback.admin_subtitle")} />
      <FeedbackFilters initial={initial} onApply={list.setFilters} />
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <>
            <DataTable<Feedback>
              testid="feedback-table"
              items={page().items}
              rowKey={(f) => f.id}
              columns={[
                { key: "no", header: tr("feedback.number"), render: (f) => <span data-col="no">{feedbackNumber(f.no)}</span> },
                {
                  key: "content", header: tr("feedback.content"), primary: true,
                  render: (f) => <span data-col="content" title={f.content}>{excerpt(f.content)}</span>,
                },
                { key: "status", header: tr("feedback.status_label"), render: (f) => <span data-col="status" data-status={f.status} class={statusBadge(f.status)}>{statusName(f.status)}</span> },
                { key: "category", header: tr("feedback.category"), render: (f) => categoryName(f.category) },
                { key: "page", header: tr("feedback.page"), render: (f) => <code data-col="page">{f.page ?? "—"}</code> },
                { key: "submitter", header: tr("feedback.submitter"), render: (f) => <span data-col="submitter">{f.submitter?.display_name ?? "—"}</span> },
                { key: "assignee", header: tr("feedback.assignee"), render: (f) => f.assignee?.display_name ?? <span class="muted">{tr("feedback.unassigned")}</span> },
                { key: "created_at", header: tr("feedback.submitted_at"), render: (f) => formatTime(f.created_at) },
                {
                  key: "view", header: "",
                  render: (f) => <Button size="sm" data-testid="feedback-view" onClick={() => open(f.id)}>{tr("feedback.view")}</Button>,
                },
              ]}
            />
            <Pagination page={page().page} pages={page().pages} total={page().total} onChange={list.setPage} />
          </>
        )}
      </ResourceView>
      <FeedbackSheet open={!!params.id} onClose={() => open(undefined)}>
        <Show when={params.id} keyed>
          {(id) => <FeedbackDetailView id={id} onChanged={() => void list.refetch()} />}
        </Show>
      </FeedbackSheet>
    </section>
  );
}
