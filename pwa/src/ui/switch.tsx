import { Switch as KSwitch } from "@kobalte/core/switch";
import type { JSX } from "solid-js";

/** On/off setting with its label. */
export function Switch(props: { label: string; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean; description?: string }): JSX.Element {
  return (
    <KSwitch class="switch" checked={props.checked} onChange={props.onChange} disabled={props.disabled}>
      <KSwitch.Input class="switch__input" />
      <KSwitch.Control class="switch__control">
        <KSwitch.Thumb class="switch__thumb" />
      </KSwitch.Control>
      <KSwitch.Label class="switch__label">{props.label}</KSwitch.Label>
    </KSwitch>
  );
}
