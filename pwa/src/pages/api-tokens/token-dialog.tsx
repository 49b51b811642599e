import { createResource, createSignal, For, type JSX } from "solid-js";
import { apiTokensApi, type CreatedToken } from "../../data/api-tokens.ts";
import { configFlowApi } from "../../data/config-flow.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Checkbox } from "../../ui/checkbox.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { SecretOnceDialog } from "../../ui/secret-once-dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { words } from "../config/releases/status.ts";
import { scopeOptions } from "./scopes.ts";

/** The end of the picked local day, as an instant (a token dated 31st works through the 31st). */
const endOfDay = (date: string) => (date ? new Date(`${date}T23:59:59`).toISOString() : null);

/** New token: name, read scopes, consumer labels, optional expiry; the API answers with the secret, shown once by the page. */
export function TokenDialog(props: { open: boolean; onOpenChange: (open: boolean) => void; onCreated: (t: CreatedToken) => void }): JSX.Element {
  const [tables] = createResource(() => (props.open ? true : null), () => configFlowApi.tables().catch(() => []));
  const [name, setName] = createSignal("");
  const [scopes, setScopes] = createSignal<string[]>([]);
  const [labels, setLabels] = createSignal("");
  const [expires, setExpires] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const toggle = (code: string, on: boolean) => setScopes((s) => (on ? [...s, code] : s.filter((x) => x !== code)));
  const submit = async () => {
    errors.clear();
    setBusy(true);
    try {
      const created = await apiTokensApi.create({ name: name().trim(), scopes: scopes(), labels: words(labels()), expires_at: endOfDay(expires()) });
      setName("");
      setScopes([]);
      setLabels("");
      setExpires("");
      props.onCreated(created);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={props.open} onOpenChange={props.onOpenChange} title={tr("apiTokens.new")} onSubmit={() => void submit()} testid="token-dialog" size="lg"
      footer={<Button variant="primary" type="submit" loading={busy()} data-testid="token-create">{tr("apiTokens.create")}</Button>}
    >
      <TextField label={tr("apiTokens.name")} name="name" value={name()} onChange={setName} error={errors.of("name")} required description={tr("apiTokens.name_hint")} />
      <fieldset class="field" data-testid="token-scopes">
        <legend class="field__label">{tr("apiTokens.scopes")}</legend>
        <For each={scopeOptions(tables() ?? [])}>
          {(o) => <Checkbox label={<>{o.label} <code class="muted">{o.code}</code></>} value={o.code} checked={scopes().includes(o.code)} onChange={(on) => toggle(o.code, on)} />}
        </For>
        <span class="field__error">{errors.of("scopes")}</span>
      </fieldset>
      <TextField label={tr("apiTokens.labels")} name="labels" value={labels()} onChange={setLabels} error={errors.of("labels")} description={tr("apiTokens.labels_hint")} />
      <TextField label={tr("apiTokens.expires")} name="expires_at" type="date" value={expires()} onChange={setExpires} error={errors.of("expires_at")} description={tr("apiTokens.expires_hint")} />
    </Dialog>
  );
}

/** The token, once, with a copy button. */
export function TokenSecretDialog(props: { secret: string | null; onClose: () => void }): JSX.Element {
  const texts = {
    title: tr("apiTokens.secret_title"), note: tr("apiTokens.secret_hint"), copy: tr("apiTokens.copy"), close: tr("apiTokens.close"),
    copied: tr("apiTokens.copied"), copyFailed: tr("apiTokens.copy_failed"),
  };
  return <SecretOnceDialog secret={props.secret} onClose={props.onClose} texts={texts} prefix="token" />;
}
