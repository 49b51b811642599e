import { Select as KSelect } from "@kobalte/core/select";
import type { JSX } from "solid-js";
import { RequiredMark } from "./required-mark.tsx";

/** Single choice from a list. `value` "" means none; `emptyLabel` offers that choice explicitly. */
export type Option = { value: string; label: string };

const EMPTY = "\u0000none";

export type SelectProps = {
  label: string;
  options: Option[];
  value: string;
  onChange: (v: string) => void;
  emptyLabel?: string;
  placeholder?: string;
  error?: string;
  /** marks the label (*) and the trigger (aria-required); the API still answers an empty choice with a field error */
  required?: boolean;
  disabled?: boolean;
  name?: string;
  class?: string;
};

export function Select(props: SelectProps): JSX.Element {
  const all = (): Option[] => (props.emptyLabel !== undefined ? [{ value: EMPTY, label: props.emptyLabel }, ...props.options] : props.options);
  const selected = () => all().find((o) => o.value === (props.value === "" ? EMPTY : props.value)) ?? null;
  return (
    <KSelect<Option>
      class={`field ${props.class ?? ""}`}
      options={all()}
      optionValue="value"
      optionTextValue="label"
      value={selected()}
      onChange={(o) => o && props.onChange(o.value === EMPTY ? "" : o.value)}
      placeholder={props.placeholder ?? props.emptyLabel ?? ""}
      validationState={props.error ? "invalid" : "valid"}
      disabled={props.disabled}
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
        <KSelect.Value<Option> class="select__value">{(s) => s.selectedOption()?.label}</KSelect.Value>
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
