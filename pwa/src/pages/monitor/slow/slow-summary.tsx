import { createResource, createSignal, For, type JSX } from "solid-js";
import { locale, tr } from "../../../providers/i18n.ts";
import { ResourceView } from "../../../ui/states.tsx";
import { monitorApi, type SlowQueryGroup } from "../monitor-api.ts";
import { formatMs, formatTime } from "../monitor-format.ts";
import { GroupSheet } from "./slow-detail.tsx";

const SORTS = ["total_ms", "avg_ms", "max_ms", "count"] as const;
type SortKey = (typeof SORTS)[number];

/** By statement shape: one row per fingerprint, sorted on the server by total, average, max time or count. */
export function SlowSummary(props: { tick: number }): JSX.Element {
  const [sort, setSort] = createSignal<SortKey>("total_ms");
  const [groups, { refetch }] = createResource(() => ({ sort: `-${sort()}`, tick: props.tick }), (q) => monitorApi.slowSummary({ sort: q.sort, page_size: 100 }));
  const [open, setOpen] = createSignal<SlowQueryGroup | null>(null);
  const header = (k: SortKey, label: string) => (
    <th class="num" aria-sort={sort() === k ? "descending" : "none"}>
      <button type="button" class="rpt-sort" data-sort={k} onClick={() => setSort(k)}>{label}{sort() === k ? " ▼" : ""}</button>
    </th>
  );
  return (
    <>
      {/* the column headers sort on wide screens; phones (rows as cards, no headers) pick here */}
      <label class="field mon-field mon-sort-phone">
        <span class="field__label">{tr("monitor.q.sort")}</span>
        <select class="input" name="group_sort" data-testid="slow-group-sort" onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
          <For each={SORTS}>{(k) => <option value={k} selected={sort() === k}>{tr(`monitor.q.sort_${k}`)}</option>}</For>
        </select>
      </label>
      <ResourceView resource={groups} retry={refetch}>
        {(items) => (
          <div class="table-wrap">
            <table class="table mon-table" data-testid="slow-summary">
              <thead>
                <tr>
                  <th>{tr("monitor.q.statement")}</th>
                  {header("count", tr("monitor.q.count"))}
                  {header("avg_ms", tr("monitor.q.avg"))}
                  {header("max_ms", tr("monitor.q.max"))}
                  {header("total_ms", tr("monitor.q.total"))}
                  <th>{tr("monitor.q.last_at")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={items()} fallback={<tr class="table__empty"><td colSpan={6}>{tr("monitor.q.empty")}</td></tr>}>
                  {(g) => (
                    <tr class="table__row" data-testid="slow-group-row">
                      <td class="table__primary mon-sql-cell"><button type="button" class="link-btn mon-sql-cell__btn" onClick={() => setOpen(g)} data-testid="slow-group-open">{g.fingerprint}</button></td>
                      <td class="num" data-label={tr("monitor.q.count")} data-testid="slow-group-count">{g.count}</td>
                      <td class="num" data-label={tr("monitor.q.avg")}>{formatMs(g.avg_ms, locale())}</td>
                      <td class="num" data-label={tr("monitor.q.max")}>{formatMs(g.max_ms, locale())}</td>
                      <td class="num" data-label={tr("monitor.q.total")}>{formatMs(g.total_ms, locale())}</td>
                      <td data-label={tr("monitor.q.last_at")}>{formatTime(g.last_at, locale())}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </ResourceView>
      <GroupSheet group={open()} onClose={() => setOpen(null)} />
    </>
  );
}
