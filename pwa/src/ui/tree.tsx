import { createSignal, For, Show, type JSX } from "solid-js";
import { tr } from "../providers/i18n.ts";

/**
 * Expandable tree. Rows render through `row` (label, checkboxes, actions...), so the
 * department list, the department filter and the permission editor share one tree.
 */
export type TreeProps<T> = {
  nodes: T[];
  id: (n: T) => string;
  children: (n: T) => T[];
  row: (n: T, depth: number) => JSX.Element;
  /** expanded at start: nodes shallower than this depth */
  openDepth?: number;
  selectedId?: string;
  class?: string;
  label?: string;
};

export function Tree<T>(props: TreeProps<T>): JSX.Element {
  const initial = new Set<string>();
  const seed = (list: T[], depth: number) => {
    for (const n of list) {
      if (depth < (props.openDepth ?? 1)) initial.add(props.id(n));
      seed(props.children(n), depth + 1);
    }
  };
  seed(props.nodes, 0);
  const [open, setOpen] = createSignal(initial);
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const Level = (p: { nodes: T[]; depth: number }): JSX.Element => (
    <For each={p.nodes}>
      {(n) => {
        const id = props.id(n);
        const kids = () => props.children(n);
        return (
          <li role="treeitem" aria-expanded={kids().length ? open().has(id) : undefined} aria-selected={props.selectedId === id} data-id={id}>
            <div class="tree__row" classList={{ "tree__row--selected": props.selectedId === id }} style={{ "padding-inline-start": `${p.depth * 1.1}rem` }}>
              <Show when={kids().length} fallback={<span class="tree__spacer" />}>
                <button type="button" class="tree__toggle" aria-label={open().has(id) ? tr("common.collapse") : tr("common.expand")} onClick={() => toggle(id)}>
                  {open().has(id) ? "▾" : "▸"}
                </button>
              </Show>
              {props.row(n, p.depth)}
            </div>
            <Show when={kids().length && open().has(id)}>
              <ul role="group" class="tree__group">
                <Level nodes={kids()} depth={p.depth + 1} />
              </ul>
            </Show>
          </li>
        );
      }}
    </For>
  );

  return (
    <ul role="tree" class={`tree ${props.class ?? ""}`} aria-label={props.label}>
      <Level nodes={props.nodes} depth={0} />
    </ul>
  );
}
