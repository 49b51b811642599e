import { createSignal, type JSX } from "solid-js";
import { tr } from "../../../providers/i18n.ts";
import { Button } from "../../../ui/button.tsx";
import { Select } from "../../../ui/select.tsx";
import { TextField } from "../../../ui/text-field.tsx";

export type UserFilterValues = { q: string; status: string; dept_id: string; include_children: string };

/** Search text is applied on submit (not per keystroke); status applies at once. */
export function UserFilters(props: { value: UserFilterValues; onChange: (v: UserFilterValues) => void; children?: JSX.Element }): JSX.Element {
  const [q, setQ] = createSignal(props.value.q);
  return (
    <form
      class="filters filters--wide"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange({ ...props.value, q: q().trim() });
      }}
    >
      <TextField label={tr("users.search")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("users.search_placeholder")} />
      {props.children}
      <Select
        label={tr("users.status")}
        name="status"
        value={props.value.status}
        emptyLabel={tr("common.all")}
        options={[{ value: "active", label: tr("users.status_active") }, { value: "disabled", label: tr("users.status_disabled") }]}
        onChange={(status) => props.onChange({ ...props.value, status })}
      />
      <div class="filters__buttons">
        <Button type="submit" variant="primary">{tr("common.search")}</Button>
      </div>
    </form>
  );
}
