import { useSearchParams } from "@solidjs/router";
import { createMemo, createResource } from "solid-js";
import { PAGE_SIZE } from "../config.ts";
import type { Query } from "./client.ts";
import type { Page } from "./types.ts";

export type UrlFilters<K extends string> = Record<K, string>;

/**
 * A paginated list whose filters and page live in the URL (`?status=locked&page=2`), so a link,
 * a reload or the back button brings the same view back. Changing filters pushes a history entry
 * and goes back to page 1 (the same filters again reload); keys this list does not own (such as `id` for an open dialog) are left
 * alone and do not refetch. `toQuery` turns the URL's words into the API's (defaults, renames).
 */
export function createUrlPagedResource<T, K extends string>(
  fetcher: (q: Query) => Promise<Page<T>>,
  keys: readonly K[],
  toQuery: (filters: UrlFilters<K>) => Query = (f) => f,
) {
  const [params, setParams] = useSearchParams<Partial<Record<K | "page", string>>>();
  const text = (v: unknown) => (typeof v === "string" ? v : Array.isArray(v) ? String(v[0] ?? "") : "");
  const filters = createMemo(() => Object.fromEntries(keys.map((k) => [k, text(params[k])])) as UrlFilters<K>, undefined, {
    equals: (a, b) => keys.every((k) => a[k] === b[k]),
  });
  const page = createMemo(() => {
    const n = Number(text(params.page));
    return Number.isInteger(n) && n > 1 ? n : 1;
  });
  // one string per distinct request: a change to an unrelated key reruns nothing
  const request = createMemo(() => JSON.stringify({ ...toQuery(filters()), page: page(), page_size: PAGE_SIZE }));
  const [data, { refetch }] = createResource(request, (key) => fetcher(JSON.parse(key) as Query));
  return {
    data,
    filters,
    page,
    refetch,
    /** the API query of the current filters, without paging (exports) */
    query: () => toQuery(filters()),
    /** applies the given filters (others stay); the same filters again reload, as pressing 搜索 should */
    setFilters: (next: Partial<UrlFilters<K>>) => {
      const changes: Record<string, string | undefined> = { page: undefined };
      for (const k of keys) if (k in next) changes[k] = next[k]?.trim() || undefined;
      const same = page() === 1 && keys.every((k) => !(k in next) || (changes[k] ?? "") === filters()[k]);
      if (same) void refetch();
      else setParams(changes as Partial<Record<K | "page", string>>);
    },
    setPage: (n: number) => setParams({ page: n > 1 ? String(n) : undefined } as Partial<Record<K | "page", string>>),
  };
}
