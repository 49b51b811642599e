import type { DefinitionSettings } from "@ops/shared/contracts/approvals.ts";
import type { JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import type { FormErrors } from "../../ui/form-errors.ts";
import { Switch as Toggle } from "../../ui/switch.tsx";
import { TextField } from "../../ui/text-field.tsx";

export type Basics = { key: string; name: string; description: string; settings: DefinitionSettings };

/** The definition's key (what starting an approval names), name, description and its two switches. */
export function SettingsTab(props: { value: Basics; onChange: (v: Partial<Basics>) => void; errors: FormErrors; readOnly?: boolean }): JSX.Element {
  const v = () => props.value;
  return (
    <fieldset class="form card apd-settings" disabled={props.readOnly} data-testid="apd-settings">
      <div class="form-grid">
        <TextField label={tr("apd.key")} name="key" required value={v().key} onChange={(key) => props.onChange({ key })} description={tr("apd.key_hint")} error={props.errors.of("key")} />
        <TextField label={tr("apd.name")} name="name" required value={v().name} onChange={(name) => props.onChange({ name })} error={props.errors.of("name")} />
        <TextField class="form-grid__wide" label={tr("apd.description")} name="description" multiline value={v().description} onChange={(description) => props.onChange({ description })} error={props.errors.of("description")} />
      </div>
      <Toggle label={tr("apd.settings.allow_withdraw")} checked={v().settings.allow_withdraw} onChange={(allow_withdraw) => props.onChange({ settings: { ...v().settings, allow_withdraw } })} />
      <p class="muted">{tr("apd.settings.allow_withdraw_hint")}</p>
      <Toggle label={tr("apd.settings.dedupe")} checked={v().settings.dedupe} onChange={(dedupe) => props.onChange({ settings: { ...v().settings, dedupe } })} />
      <p class="muted">{tr("apd.settings.dedupe_hint")}</p>
    </fieldset>
  );
}
