import { Select as KSelect } from "@kobalte/core/select";
import type { JSX } from "solid-js";
import { RequiredMark } from "./required-mark.tsx";
import type { Option } from "./select.tsx";

/** Several choices from a list (e.g. a user's roles); the trigger lists the picked labels. */
export type MultiSelectProps = {
  label: string;
  options: Option[];
  value: string[];
  onChange: (v: string[]) => void;
  placeholder?: string;
  error?: string;
  /** marks the label (*) and the trigger (aria-required); the API still answers an empty choice with a field error */
  required?: boolean;
  name?: string;
};

export function MultiSelect(props: MultiSelectProps): JSX.Element {
  const selected = () => props.options.filter((o) => props.value.includes(o.value));
  return (
    <KSelect<Option>
      multiple
      class="field"
      options={props.options}
      optionValue="value"
      optionTextValue="label"
      value={selected()}
      onChange={(opts) => props.onChange(opts.map((o) => o.value))}
      placeholder={props.placeholder ?? ""}
      validationState={props.error ? "invalid" : "valid"}
      name={props.name}
      required={props.required}
      gutter={4}
      itemComponent={(p) => (
        <KSelect.Item item={p.item} class="select__item">
          <KSelect.ItemLabel>{p.item.rawValue.label}</KSelect.ItemLabel>
          <KSelect.ItemIndicator class="select__check">✓</KSelect.ItemIndicator>
        </KSelect.Item>
      )}
    >
      <KSelect.Label class="field__label">{props.label}<RequiredMark when={props.required} /></KSelect.Label>
      <KSelect.Trigger class="input select__trigger" aria-label={props.label} aria-required={props.required || undefined} data-field={props.name}>
        <KSelect.Value<Option> class="select__value">{(s) => s.selectedOptions().map((o) => o.label).join("、")}</KSelect.Value>
        <KSelect.Icon class="select__icon">▾</KSelect.Icon>
      </KSelect.Trigger>
      <KSelect.ErrorMessage class="field__error">{props.error}</KSelect.ErrorMessage>
      <KSelect.Portal>
        <KSelect.Content class="select__content">
          <KSelect.Listbox class="select__listbox" />
        </KSelect.Content>
      </KSelect.Portal>
    </KSelect>
  );
}
