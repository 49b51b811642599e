import { Index, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";

/** A select field's options: value and label per row, add and remove. Errors arrive as `<path>[i].value`. */
export function OptionsEditor(props: {
  path: string;
  value: Array<{ value: string; label: string }>;
  onChange: (v: Array<{ value: string; label: string }>) => void;
  error: (path: string) => string | undefined;
}): JSX.Element {
  const set = (i: number, patch: Partial<{ value: string; label: string }>) => props.onChange(props.value.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <fieldset class="field cfg-options" data-field={props.path} data-invalid={props.error(props.path) ? "" : undefined}>
      <legend class="field__label">{tr("config.f.options")}</legend>
      <Index each={props.value}>
        {(o, i) => (
          <div class="cfg-options__row" data-testid="option-row">
            <input class="input" aria-label={tr("config.f.option_value")} placeholder={tr("config.f.option_value")} value={o().value}
              name={`${props.path}[${i}].value`} onInput={(e) => set(i, { value: e.currentTarget.value })} />
            <input class="input" aria-label={tr("config.f.option_label")} placeholder={tr("config.f.option_label")} value={o().label}
              name={`${props.path}[${i}].label`} onInput={(e) => set(i, { label: e.currentTarget.value })} />
            <button type="button" class="icon-btn" aria-label={tr("config.f.option_remove")} onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}>×</button>
          </div>
        )}
      </Index>
      <div>
        <Button size="sm" data-testid="option-add" onClick={() => props.onChange([...props.value, { value: "", label: "" }])}>{tr("config.f.option_add")}</Button>
      </div>
      {props.error(props.path) ? <span class="field__error">{props.error(props.path)}</span> : null}
    </fieldset>
  );
}
