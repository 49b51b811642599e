import { createSignal, For, Show, type JSX } from "solid-js";
import { tr } from "../providers/i18n.ts";

/**
 * A table on wide screens; on phones each row becomes a card whose cells carry their
 * column name (data-label, see table.css). One markup for both, so tests and screen
 * readers see the same thing. `expand` adds a toggle that shows a detail row.
 */
export type Column<T> = {
  key: string;
  header: string;
  render: (item: T) => JSX.Element;
  class?: string;
  /** the cell that titles the card on phones */
  primary?: boolean;
};

export type DataTableProps<T> = {
  columns: Column<T>[];
  items: T[];
  rowKey: (item: T) => string;
  expand?: (item: T) => JSX.Element;
  empty?: string;
  testid?: string;
};

export function DataTable<T>(props: DataTableProps<T>): JSX.Element {
  const [open, setOpen] = createSignal<Set<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const span = () => props.columns.length + (props.expand ? 1 : 0);
  return (
    <div class="table-wrap" data-testid={props.testid}>
      <table class="table">
        <thead>
          <tr>
            <Show when={props.expand}>
              <th class="table__toggle-col" aria-label={tr("common.details")} />
            </Show>
            <For each={props.columns}>{(c) => <th class={c.class}>{c.header}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={props.items} fallback={<tr class="table__empty"><td colSpan={span()}>{props.empty ?? tr("common.empty")}</td></tr>}>
            {(item) => {
              const key = props.rowKey(item);
              return (
                <>
                  <tr class="table__row" data-key={key} classList={{ "table__row--open": open().has(key) }}>
                    <Show when={props.expand}>
                      <td class="table__toggle-col">
                        <button type="button" class="icon-btn table__toggle" aria-expanded={open().has(key)} aria-label={tr("common.details")} onClick={() => toggle(key)}>
                          {open().has(key) ? "▾" : "▸"}
                          <span class="table__toggle-text">{tr("common.details")}</span>
                        </button>
                      </td>
                    </Show>
                    <For each={props.columns}>
                      {(c) => <td class={c.class} classList={{ "table__primary": !!c.primary }} data-label={c.header}>{c.render(item)}</td>}
                    </For>
                  </tr>
                  <Show when={props.expand && open().has(key)}>
                    <tr class="table__detail">
                      <td colSpan={span()}>{props.expand!(item)}</td>
                    </tr>
                  </Show>
                </>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}
