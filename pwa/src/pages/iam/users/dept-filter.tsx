import type { JSX } from "solid-js";
import type { Department } from "../../../data/types.ts";
import { tr } from "../../../providers/i18n.ts";
import { TreeSelect } from "../../../ui/tree-select.tsx";

/** Department filter (the list then includes the sub-departments). */
export function DeptFilter(props: { tree: Department[]; value: string; onChange: (id: string) => void }): JSX.Element {
  return (
    <TreeSelect
      testid="dept-filter"
      label={tr("users.department")}
      nodes={props.tree}
      id={(d) => d.id}
      children={(d) => d.children ?? []}
      name={(d) => d.name}
      value={props.value}
      onChange={props.onChange}
      emptyLabel={tr("users.all_departments")}
    />
  );
}
