import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { usersApi } from "../../data/directory.ts";
import type { User } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";
import { RequiredMark } from "../required-mark.tsx";

/** A person as a picker shows them. */
export type PickedUser = { id: string; label: string };

const SHOWN = 8;
const label = (u: User) => `${u.display_name}（${u.username}）${u.dept_name ? ` · ${u.dept_name}` : ""}`;

/**
 * Pick one person by name, username, phone or e-mail: type, then tap a match. The list is the
 * directory (`GET /users?q=`), so it follows the reader's data scope. `value` is the user id;
 * `valueLabel` names it when it came from elsewhere (else the id shows until a match is picked).
 */
export type UserPickerProps = {
  label: string;
  value: string;
  onChange: (id: string, user: PickedUser | null) => void;
  valueLabel?: string;
  name?: string;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  /** ids not offered (the current approver, people already chosen) */
  exclude?: string[];
};

export function UserPicker(props: UserPickerProps): JSX.Element {
  const [q, setQ] = createSignal("");
  const [picked, setPicked] = createSignal<PickedUser | null>(null);
  const [matches] = createResource(
    () => (q().trim().length ? q().trim() : null),
    async (text) => (await usersApi.list({ q: text, status: "active", page_size: SHOWN })).items,
  );
  const shown = () => (matches.latest ?? []).filter((u) => !(props.exclude ?? []).includes(u.id));
  const current = () => (props.value ? (picked()?.id === props.value ? picked()!.label : props.valueLabel ?? props.value) : "");
  const choose = (u: User) => {
    const p = { id: u.id, label: label(u) };
    setPicked(p);
    setQ("");
    props.onChange(u.id, p);
  };
  const id = `user-picker-${props.name ?? Math.random().toString(36).slice(2)}`;
  return (
    <div class="field user-picker" data-field={props.name} data-invalid={props.error ? "" : undefined}>
      <label class="field__label" for={id}>{props.label}<RequiredMark when={props.required} /></label>
      <Show when={props.value}>
        <div class="user-picker__chosen" data-testid="user-picked">
          <span>{current()}</span>
          <button type="button" class="icon-btn" aria-label={tr("approval_form.user_clear")} disabled={props.disabled} onClick={() => props.onChange("", null)}>×</button>
        </div>
      </Show>
      <Show when={!props.value}>
        <input id={id} class="input" type="search" value={q()} disabled={props.disabled} placeholder={tr("approval_form.user_search")}
          aria-required={props.required || undefined} aria-invalid={props.error ? "true" : undefined} data-testid="user-search"
          onInput={(e) => setQ(e.currentTarget.value)} />
        <Show when={q().trim()}>
          <ul class="user-picker__list" role="listbox" aria-label={props.label}>
            <For each={shown()} fallback={<li class="muted">{matches.loading ? tr("common.loading") : tr("approval_form.user_none")}</li>}>
              {(u) => (
                <li>
                  <button type="button" role="option" class="user-picker__option" data-testid="user-option" data-username={u.username} onClick={() => choose(u)}>
                    {label(u)}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <Show when={props.error}><span class="field__error">{props.error}</span></Show>
    </div>
  );
}

/** Several people (the approvers of an initiator-select node): chips plus a picker that adds one at a time. */
export function UsersPicker(props: Omit<UserPickerProps, "value" | "onChange" | "valueLabel"> & { value: PickedUser[]; onChange: (users: PickedUser[]) => void }): JSX.Element {
  return (
    <div class="users-picker" data-field={props.name}>
      <UserPicker {...props} name={props.name ? `${props.name}-add` : undefined} value="" exclude={[...(props.exclude ?? []), ...props.value.map((u) => u.id)]}
        onChange={(_id, u) => u && props.onChange([...props.value, u])} />
      <div class="users-picker__chips">
        <For each={props.value}>
          {(u) => (
            <span class="badge badge--menu" data-testid="user-chip">
              {u.label}
              <button type="button" class="user-picker__remove" aria-label={tr("approval_form.user_clear")} onClick={() => props.onChange(props.value.filter((x) => x.id !== u.id))}>×</button>
            </span>
          )}
        </For>
      </div>
    </div>
  );
}
