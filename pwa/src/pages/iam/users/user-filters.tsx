import { createEffect, createSignal, type JSX } from "solid-js";
import type { Role } from "../../../data/types.ts";
import { tr } from "../../../providers/i18n.ts";
import { Button } from "../../../ui/button.tsx";
import { Select } from "../../../ui/select.tsx";
import { TextField } from "../../../ui/text-field.tsx";

/** The users list's filters, as they stand in the URL (`/iam/users?q=&status=&dept_id=&role_id=`). */
export const USER_FILTER_KEYS = ["q", "status", "dept_id", "role_id"] as const;
export type UserFilterValues = Record<(typeof USER_FILTER_KEYS)[number], string>;

/** locked and pending are the states the workbench's to-dos link to; the API filters on them too */
const STATUSES = ["active", "disabled", "locked", "pending"] as const;

/** Search text is applied on submit (not per keystroke); status and role apply at once. */
export function UserFilters(props: {
  value: UserFilterValues;
  roles: Role[];
  onChange: (v: Partial<UserFilterValues>) => void;
  children?: JSX.Element;
}): JSX.Element {
  const [q, setQ] = createSignal(props.value.q);
  // the URL may change under the form (back button, a link): show what is applied
  createEffect(() => setQ(props.value.q));
  return (
    <form
      class="filters filters--wide"
      role="search"
      data-testid="user-filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange({ q: q().trim() });
      }}
    >
      <TextField label={tr("users.search")} name="q" type="search" value={q()} onChange={setQ} placeholder={tr("users.search_placeholder")} />
      {props.children}
      <Select
        label={tr("users.status")}
        name="status"
        value={props.value.status}
        emptyLabel={tr("common.all")}
        options={STATUSES.map((s) => ({ value: s, label: tr(`users.status_${s}`) }))}
        onChange={(status) => props.onChange({ status })}
      />
      <Select
        label={tr("users.role")}
        name="role_id"
        value={props.value.role_id}
        emptyLabel={tr("users.all_roles")}
        options={props.roles.map((r) => ({ value: r.id, label: r.name }))}
        onChange={(role_id) => props.onChange({ role_id })}
      />
      <div class="filters__buttons">
        <Button type="submit" variant="primary">{tr("common.search")}</Button>
      </div>
    </form>
  );
}
