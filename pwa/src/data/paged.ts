import { batch, createResource, createSignal } from "solid-js";
import { PAGE_SIZE } from "../config.ts";
import type { Query } from "./client.ts";
import type { Page } from "./types.ts";

/**
 * A paginated list with filters: changing filters goes back to page 1 in the same batch,
 * so each change costs one request.
 */
export function createPagedResource<T, F extends Query>(fetcher: (q: Query) => Promise<Page<T>>, initial: F) {
  const [filters, setFilterState] = createSignal<F>(initial);
  const [page, setPage] = createSignal(1);
  const [data, { refetch }] = createResource(() => ({ ...filters(), page: page(), page_size: PAGE_SIZE }), fetcher);
  const setFilters = (next: F) =>
    batch(() => {
      setFilterState(() => next);
      setPage(1);
    });
  return { data, filters, setFilters, page, setPage, refetch };
}
