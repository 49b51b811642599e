import { Popover } from "@kobalte/core/popover";
import { For, Show, type JSX } from "solid-js";
import type { ReportData, ReportDataColumn, ReportViewPrefs } from "../../data/reports.ts";
import { locale, tr } from "../../providers/i18n.ts";
import { formatValue, thresholdColor } from "../../ui/charts/index.ts";
import { Pagination } from "../../ui/pagination.tsx";

export type TableProps = {
  data: ReportData;
  prefs: ReportViewPrefs;
  onPrefs: (p: ReportViewPrefs) => void;
  page: number;
  onPage: (p: number) => void;
  sort: string;
  onSort: (s: string) => void;
  /** the drill column's cells link to the target report */
  drillColumn?: string;
  onDrill?: (row: Record<string, unknown>) => void;
};

/** The columns shown, in the user's order: saved order first, then new columns; hidden ones left out. */
export function shownColumns(columns: ReportDataColumn[], prefs: ReportViewPrefs): ReportDataColumn[] {
  const order = prefs.columns ?? [];
  const ranked = [...columns].sort((a, b) => rank(order, a.name) - rank(order, b.name));
  return ranked.filter((c) => !(prefs.hidden ?? []).includes(c.name));
}
const rank = (order: string[], name: string) => (order.includes(name) ? order.indexOf(name) : order.length + 1);

function ColumnsMenu(props: { columns: ReportDataColumn[]; prefs: ReportViewPrefs; onPrefs: (p: ReportViewPrefs) => void }): JSX.Element {
  const ordered = () => [...props.columns].sort((a, b) => rank(props.prefs.columns ?? [], a.name) - rank(props.prefs.columns ?? [], b.name));
  const hidden = () => props.prefs.hidden ?? [];
  const toggle = (name: string) =>
    props.onPrefs({ ...props.prefs, hidden: hidden().includes(name) ? hidden().filter((h) => h !== name) : [...hidden(), name] });
  const move = (name: string, by: number) => {
    const names = ordered().map((c) => c.name);
    const i = names.indexOf(name);
    const j = i + by;
    if (j < 0 || j >= names.length) return;
    [names[i], names[j]] = [names[j]!, names[i]!];
    props.onPrefs({ ...props.prefs, columns: names });
  };
  return (
    <Popover gutter={4} placement="bottom-end">
      <Popover.Trigger class="btn btn--ghost btn--sm" data-testid="report-columns">{tr("reports.columns")}</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content class="select__content rpt-columns" aria-label={tr("reports.columns")}>
          <For each={ordered()}>
            {(c, i) => (
              <div class="rpt-columns__row" data-column={c.name}>
                <label>
                  <input type="checkbox" checked={!hidden().includes(c.name)} onChange={() => toggle(c.name)} /> {c.label || c.name}
                </label>
                <button type="button" class="icon-btn" disabled={i() === 0} aria-label={tr("reports.move_up")} onClick={() => move(c.name, -1)}>↑</button>
                <button type="button" class="icon-btn" disabled={i() === ordered().length - 1} aria-label={tr("reports.move_down")} onClick={() => move(c.name, 1)}>↓</button>
              </div>
            )}
          </For>
        </Popover.Content>
      </Popover.Portal>
    </Popover>
  );
}

/**
 * A table report: sortable headers (server-side `sort=col:dir`), paging, the user's column choice and
 * order (saved per user through the prefs route), numbers formatted by the report's `format` with
 * threshold colours, and drill-through links on the drill column.
 */
export function ReportTable(props: TableProps): JSX.Element {
  const cols = () => shownColumns(props.data.columns, props.prefs);
  const [sortCol, sortDir] = [() => props.sort.split(":")[0] ?? "", () => props.sort.split(":")[1] ?? "asc"];
  const flip = (name: string) => props.onSort(sortCol() === name && sortDir() === "asc" ? `${name}:desc` : `${name}:asc`);
  const pages = () => Math.max(1, Math.ceil((props.data.total ?? props.data.rows.length) / (props.data.page_size ?? 20)));
  const loc = () => (locale() === "en" ? "en-US" : "zh-CN");
  return (
    <div class="rpt-table" data-testid="report-table">
      <div class="rpt-table__tools">
        <ColumnsMenu columns={props.data.columns} prefs={props.prefs} onPrefs={props.onPrefs} />
      </div>
      <div class="table-wrap rpt-table__wrap">
        <table class="table rpt-grid">
          <thead>
            <tr>
              <For each={cols()}>
                {(c) => (
                  <th class={c.type === "number" ? "num" : ""} aria-sort={sortCol() === c.name ? (sortDir() === "asc" ? "ascending" : "descending") : undefined}>
                    <button type="button" class="rpt-sort" onClick={() => flip(c.name)} data-testid="report-sort" data-column={c.name}>
                      {c.label || c.name}
                      <Show when={sortCol() === c.name}>{sortDir() === "asc" ? " ↑" : " ↓"}</Show>
                    </button>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={props.data.rows} fallback={<tr class="table__empty"><td colSpan={cols().length || 1}>{tr("reports.no_rows")}</td></tr>}>
              {(row) => (
                <tr data-testid="report-row">
                  <For each={cols()}>
                    {(c) => {
                      const text = () => formatValue(row[c.name], c.format, loc());
                      const color = () => thresholdColor(row[c.name], c.format);
                      return (
                        <td class={c.type === "number" ? "num" : ""} data-column={c.name} style={color() ? { color: color() } : undefined}>
                          <Show when={props.drillColumn === c.name && props.onDrill} fallback={text()}>
                            <button type="button" class="link-btn" data-testid="report-drill" onClick={() => props.onDrill?.(row)}>{text()}</button>
                          </Show>
                        </td>
                      );
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Pagination page={props.page} pages={pages()} total={props.data.total ?? props.data.rows.length} onChange={props.onPage} />
    </div>
  );
}
