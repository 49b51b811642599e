import { createMemo, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { SLOW_QUERY_SOURCES } from "@ops/shared/contracts/monitor.ts";
import { PAGE_SIZE } from "../../../config.ts";
import { locale, tr } from "../../../providers/i18n.ts";
import { Pagination } from "../../../ui/pagination.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { monitorApi, type SlowQuery } from "../monitor-api.ts";
import { formatMs, formatTime } from "../monitor-format.ts";
import { SlowDetailSheet } from "./slow-detail.tsx";

type Filters = { source: string; datasource_id: string; user_id: string; min_ms: string };
const EMPTY: Filters = { source: "", datasource_id: "", user_id: "", min_ms: "" };

/** Choices for a select: the ids seen in the rows so far with their names (the log lists no datasources or users). */
function useSeen(rows: () => SlowQuery[] | undefined, pick: (q: SlowQuery) => [string | null, string | null]) {
  const seen = new Map<string, string>();
  return createMemo(() => {
    for (const q of rows() ?? []) {
      const [id, name] = pick(q);
      if (id) seen.set(id, name ?? id);
    }
    return [...seen].map(([value, label]) => ({ value, label }));
  });
}

/** The recent statements, filtered by source, datasource, user and a least duration, newest or slowest first. */
export function SlowRecent(props: { tick: number }): JSX.Element {
  const [filters, setFilters] = createSignal<Filters>(EMPTY);
  const [sort, setSort] = createSignal<"-duration_ms" | "-at">("-duration_ms");
  const [page, setPage] = createSignal(1);
  const request = createMemo(() => ({ ...filters(), sort: sort(), page: page(), page_size: PAGE_SIZE, tick: props.tick }));
  const [list, { refetch }] = createResource(request, ({ tick: _t, ...q }) => monitorApi.slowQueries(q));
  const [open, setOpen] = createSignal<SlowQuery | null>(null);
  const datasources = useSeen(() => list.latest?.items, (q) => [q.datasource_id, q.datasource_name]);
  const users = useSeen(() => list.latest?.items, (q) => [q.user_id, q.username]);
  const set = (patch: Partial<Filters>) => {
    setFilters({ ...filters(), ...patch });
    setPage(1);
  };
  const choice = (name: keyof Filters, label: string, options: Array<{ value: string; label: string }>) => (
    <label class="field mon-field">
      <span class="field__label">{label}</span>
      <select class="input" name={name} data-testid={`slow-filter-${name}`} onChange={(e) => set({ [name]: e.currentTarget.value })}>
        <option value="" selected={!filters()[name]}>{tr("monitor.s.all")}</option>
        <For each={options}>{(o) => <option value={o.value} selected={filters()[name] === o.value}>{o.label}</option>}</For>
      </select>
    </label>
  );
  return (
    <>
      <form class="mon-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        {choice("source", tr("monitor.q.source"), SLOW_QUERY_SOURCES.map((s) => ({ value: s, label: tr(`monitor.q.source_${s}`) })))}
        {choice("datasource_id", tr("monitor.q.datasource"), datasources())}
        {choice("user_id", tr("monitor.q.user"), users())}
        <label class="field mon-field">
          <span class="field__label">{tr("monitor.q.min_ms")}</span>
          <input class="input" type="number" min="0" step="100" name="min_ms" inputmode="numeric" value={filters().min_ms} data-testid="slow-filter-min_ms" onChange={(e) => set({ min_ms: e.currentTarget.value.trim() })} />
        </label>
        <label class="field mon-field">
          <span class="field__label">{tr("monitor.q.sort")}</span>
          <select class="input" name="sort" data-testid="slow-sort" onChange={(e) => { setSort(e.currentTarget.value as "-duration_ms" | "-at"); setPage(1); }}>
            <option value="-duration_ms" selected={sort() === "-duration_ms"}>{tr("monitor.q.sort_duration")}</option>
            <option value="-at" selected={sort() === "-at"}>{tr("monitor.q.sort_at")}</option>
          </select>
        </label>
      </form>
      <ResourceView resource={list} retry={refetch}>
        {(p) => (
          <>
            <ul class="mon-slow-list" data-testid="slow-list">
              <For each={p().items} fallback={<li class="state">{tr("monitor.q.empty")}</li>}>
                {(q) => (
                  <li class="card mon-slow" data-testid="slow-row" data-id={q.id}>
                    <button type="button" class="mon-slow__btn link-plain" onClick={() => setOpen(q)} data-testid="slow-open">
                      <span class="mon-slow__head">
                        <strong class="mon-slow__ms" data-testid="slow-duration">{formatMs(q.duration_ms, locale())}</strong>
                        <span class="badge badge--muted">{tr(`monitor.q.source_${q.source}`)}</span>
                        <Show when={q.error}><span class="badge badge--danger">{tr("monitor.q.failed")}</span></Show>
                        <span class="muted">{formatTime(q.at, locale())}</span>
                      </span>
                      <code class="mon-slow__sql">{q.sql}</code>
                      <span class="muted">{[q.username ?? q.user_id, q.datasource_name ?? q.datasource_id, q.ref_name, q.rows === null ? null : tr("monitor.q.rows_n", { n: q.rows })].filter(Boolean).join(" · ")}</span>
                    </button>
                  </li>
                )}
              </For>
            </ul>
            <Pagination page={p().page} pages={p().pages} total={p().total} onChange={setPage} />
          </>
        )}
      </ResourceView>
      <SlowDetailSheet item={open()} onClose={() => setOpen(null)} />
    </>
  );
}
