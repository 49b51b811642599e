import { Show, type JSX } from "solid-js";
import type { PermissionNode } from "../../../data/types.ts";
import { tr } from "../../../providers/i18n.ts";
import { Checkbox } from "../../../ui/checkbox.tsx";
import { Tree } from "../../../ui/tree.tsx";
import { checkState, toggle } from "./permission-selection.ts";

/**
 * The role's own codes as a tri-state tree. Codes inherited from the parent role show as
 * checked and cannot be unticked here (change the parent instead).
 */
export function PermissionTree(props: { tree: PermissionNode[]; value: Set<string>; inherited: Set<string>; onChange: (v: Set<string>) => void }): JSX.Element {
  const effective = () => new Set([...props.value, ...props.inherited]);
  const row = (n: PermissionNode) => {
    const state = () => checkState(n, effective());
    return (
      <span class="perm-row">
        <Checkbox
          value={n.code}
          label={n.name}
          checked={state() === "checked"}
          indeterminate={state() === "indeterminate"}
          disabled={props.inherited.has(n.code) && !(n.children ?? []).length}
          onChange={() => props.onChange(toggle(props.tree, props.value, n, props.inherited))}
        />
        <span class={`badge badge--kind badge--${n.kind}`}>{tr(`roles.kind_${n.kind}`)}</span>
        <Show when={props.inherited.has(n.code)}>
          <span class="muted perm-row__inherited">{tr("roles.inherited")}</span>
        </Show>
      </span>
    );
  };
  return (
    <div class="perm-tree" data-testid="permission-tree">
      <Tree nodes={props.tree} id={(n) => n.code} children={(n) => n.children ?? []} openDepth={1} row={row} label={tr("roles.permissions")} />
    </div>
  );
}
