import { Popover } from "@kobalte/core/popover";
import { createSignal, type JSX } from "solid-js";
import { Tree } from "./tree.tsx";

/** Pick one node of a tree from a popover (e.g. the department filter): compact on any screen. */
export type TreeSelectProps<T> = {
  label: string;
  nodes: T[];
  id: (n: T) => string;
  children: (n: T) => T[];
  name: (n: T) => string;
  value: string;
  onChange: (id: string) => void;
  emptyLabel: string;
  testid?: string;
};

function find<T>(nodes: T[], p: Pick<TreeSelectProps<T>, "id" | "children">, id: string): T | undefined {
  for (const n of nodes) {
    if (p.id(n) === id) return n;
    const hit = find(p.children(n), p, id);
    if (hit) return hit;
  }
  return undefined;
}

export function TreeSelect<T>(props: TreeSelectProps<T>): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const pick = (id: string) => {
    props.onChange(id);
    setOpen(false);
  };
  const current = () => (props.value ? find(props.nodes, props, props.value) : undefined);
  return (
    <div class="field" data-testid={props.testid}>
      <span class="field__label">{props.label}</span>
      <Popover open={open()} onOpenChange={setOpen} gutter={4} placement="bottom-start">
        <Popover.Trigger class="input select__trigger" aria-label={props.label}>
          <span class="select__value">{current() ? props.name(current()!) : props.emptyLabel}</span>
          <span class="select__icon">▾</span>
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content class="select__content tree-select__content" aria-label={props.label}>
            <button type="button" class="tree__all" classList={{ "tree__row--selected": !props.value }} onClick={() => pick("")}>
              {props.emptyLabel}
            </button>
            <Tree
              nodes={props.nodes}
              id={props.id}
              children={props.children}
              openDepth={3}
              selectedId={props.value}
              label={props.label}
              row={(n) => (
                <button type="button" class="tree__label" onClick={() => pick(props.id(n))}>
                  {props.name(n)}
                </button>
              )}
            />
          </Popover.Content>
        </Popover.Portal>
      </Popover>
    </div>
  );
}
