import type { FormField } from "@ops/shared/contracts/approvals.ts";
import { For, Match, Show, Switch, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { RequiredMark } from "../../ui/required-mark.tsx";

/**
 * What the initiator will see, drawn from the fields as they are being designed: each field's
 * label (required marked) and a control of its kind. Nothing is kept or sent.
 */
export function FormPreview(props: { fields: FormField[] }): JSX.Element {
  return (
    <div class="apf-preview__form" data-testid="apf-preview-form">
      <For each={props.fields} fallback={<p class="muted">{tr("apf.preview_empty")}</p>}>
        {(f) => (
          <label class="field" data-testid="apf-preview-field" data-key={f.key}>
            <span class="field__label">{f.label}<RequiredMark when={f.required} /></span>
            <Control field={f} />
          </label>
        )}
      </For>
    </div>
  );
}

function Control(props: { field: FormField }): JSX.Element {
  const f = () => props.field;
  return (
    <Switch fallback={<input class="input" type="text" placeholder={tr("apf.preview_text")} />}>
      <Match when={f().type === "number" || f().type === "money"}>
        <input class="input" type="number" inputMode="decimal" min={f().min} max={f().max} placeholder={f().type === "money" ? "¥ 0.00" : "0"} />
      </Match>
      <Match when={f().type === "date"}><input class="input" type="date" /></Match>
      <Match when={f().type === "date_range"}>
        <span class="apf-range"><input class="input" type="date" aria-label={tr("apf.range_from")} /> – <input class="input" type="date" aria-label={tr("apf.range_to")} /></span>
      </Match>
      <Match when={f().type === "select"}>
        <select class="input">
          <option value="">{tr("apf.preview_pick")}</option>
          <For each={f().options ?? []}>{(o) => <option>{o}</option>}</For>
        </select>
      </Match>
      <Match when={f().type === "user"}><input class="input" type="search" placeholder={tr("apf.preview_user")} /></Match>
      <Match when={f().type === "department"}><input class="input" type="search" placeholder={tr("apf.preview_dept")} /></Match>
      <Match when={f().type === "attachment"}><input type="file" multiple /></Match>
      <Match when={f().type === "table"}>
        <div class="table-wrap">
          <table class="table apf-preview__table">
            <thead><tr><For each={f().columns ?? []}>{(c) => <th>{c.label}<Show when={c.required}> *</Show></th>}</For></tr></thead>
            <tbody><tr><For each={f().columns ?? []}>{() => <td>—</td>}</For></tr></tbody>
          </table>
        </div>
      </Match>
    </Switch>
  );
}
