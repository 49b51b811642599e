import type { JSX } from "solid-js";
import type { Department } from "../../../data/types.ts";
import { tr } from "../../../providers/i18n.ts";
import { Checkbox } from "../../../ui/checkbox.tsx";
import { Tree } from "../../../ui/tree.tsx";

/** Departments a CUSTOM data scope covers (each ticked on its own: no cascading). */
export function DeptPicker(props: { tree: Department[]; value: string[]; onChange: (ids: string[]) => void; error?: string }): JSX.Element {
  const flip = (id: string, on: boolean) => props.onChange(on ? [...props.value, id] : props.value.filter((x) => x !== id));
  return (
    <fieldset class="field dept-picker" data-testid="dept-picker">
      <legend class="field__label">{tr("roles.custom_departments")}</legend>
      <Tree
        nodes={props.tree}
        id={(d) => d.id}
        children={(d) => d.children ?? []}
        openDepth={3}
        label={tr("roles.custom_departments")}
        row={(d) => <Checkbox value={d.id} label={d.name} checked={props.value.includes(d.id)} onChange={(on) => flip(d.id, on)} />}
      />
      {props.error ? <div class="field__error">{props.error}</div> : null}
    </fieldset>
  );
}
