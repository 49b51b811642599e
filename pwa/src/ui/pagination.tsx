import { Pagination as KPagination } from "@kobalte/core/pagination";
import { Show, type JSX } from "solid-js";
import { tr } from "../providers/i18n.ts";

/** Page links plus the total; hidden page links when everything fits on one page. */
export function Pagination(props: { page: number; pages: number; total: number; onChange: (page: number) => void }): JSX.Element {
  return (
    <div class="pager">
      <span class="pager__total">{tr("common.total", { total: props.total })}</span>
      <Show when={props.pages > 1}>
        <KPagination
          class="pager__nav"
          page={props.page}
          count={props.pages}
          onPageChange={props.onChange}
          siblingCount={1}
          itemComponent={(p) => <KPagination.Item class="pager__item" page={p.page}>{p.page}</KPagination.Item>}
          ellipsisComponent={() => <KPagination.Ellipsis class="pager__ellipsis">…</KPagination.Ellipsis>}
        >
          <KPagination.Previous class="pager__item" aria-label={tr("common.prev")}>‹</KPagination.Previous>
          <KPagination.Items />
          <KPagination.Next class="pager__item" aria-label={tr("common.next")}>›</KPagination.Next>
        </KPagination>
      </Show>
    </div>
  );
}
