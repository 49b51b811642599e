import { TextField as KTextField } from "@kobalte/core/text-field";
import { Show, type JSX } from "solid-js";
import { RequiredMark } from "./required-mark.tsx";

/** Labelled input with the API's field error under it; `required` marks the label (*) and the input (aria-required). */
export type TextFieldProps = {
  label: string;
  value: string;
  onChange: (v: string) => void;
  name?: string;
  type?: "text" | "password" | "email" | "tel" | "number" | "search" | "datetime-local" | "date";
  placeholder?: string;
  description?: string;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  autocomplete?: string;
  multiline?: boolean;
  class?: string;
  inputMode?: "numeric" | "decimal" | "text";
};

export function TextField(props: TextFieldProps): JSX.Element {
  return (
    <KTextField
      class={`field ${props.class ?? ""}`}
      value={props.value}
      onChange={props.onChange}
      name={props.name}
      required={props.required}
      disabled={props.disabled}
      validationState={props.error ? "invalid" : "valid"}
    >
      <KTextField.Label class="field__label">{props.label}<RequiredMark when={props.required} /></KTextField.Label>
      <Show
        when={props.multiline}
        fallback={<KTextField.Input class="input" type={props.type ?? "text"} placeholder={props.placeholder} autocomplete={props.autocomplete} inputMode={props.inputMode} />}
      >
        <KTextField.TextArea class="input input--area" placeholder={props.placeholder} autoResize />
      </Show>
      <Show when={props.description}>
        <KTextField.Description class="field__hint">{props.description}</KTextField.Description>
      </Show>
      <KTextField.ErrorMessage class="field__error">{props.error}</KTextField.ErrorMessage>
    </KTextField>
  );
}
