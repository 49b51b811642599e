import { Checkbox as KCheckbox } from "@kobalte/core/checkbox";
import type { JSX } from "solid-js";

/** Checkbox with an optional tri-state look (`indeterminate`, e.g. a partly chosen permission group). */
export type CheckboxProps = {
  label: JSX.Element;
  checked: boolean;
  onChange: (checked: boolean) => void;
  indeterminate?: boolean;
  disabled?: boolean;
  class?: string;
  value?: string;
};

export function Checkbox(props: CheckboxProps): JSX.Element {
  return (
    <KCheckbox
      class={`checkbox ${props.class ?? ""}`}
      checked={props.checked}
      indeterminate={props.indeterminate}
      onChange={props.onChange}
      disabled={props.disabled}
      value={props.value}
      data-value={props.value}
    >
      <KCheckbox.Input class="checkbox__input" />
      <KCheckbox.Control class="checkbox__control">
        <KCheckbox.Indicator class="checkbox__mark">{props.indeterminate ? "−" : "✓"}</KCheckbox.Indicator>
      </KCheckbox.Control>
      <KCheckbox.Label class="checkbox__label">{props.label}</KCheckbox.Label>
    </KCheckbox>
  );
}
