import { createSignal, For, type JSX } from "solid-js";
import { WEBHOOK_EVENTS, webhooksApi, type WebhookEventType, type WebhookSubscription } from "../../data/webhooks.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Checkbox } from "../../ui/checkbox.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";

/** New subscription: name, URL, events, definition filter; the API answers with the secret, shown once by the page. */
export function SubscriptionDialog(props: { open: boolean; onOpenChange: (open: boolean) => void; onCreated: (s: WebhookSubscription & { secret: string }) => void }): JSX.Element {
  const [name, setName] = createSignal("");
  const [url, setUrl] = createSignal("https://");
  const [events, setEvents] = createSignal<WebhookEventType[]>([...WEBHOOK_EVENTS]);
  const [keys, setKeys] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const toggle = (e: WebhookEventType, on: boolean) => setEvents((all) => (on ? [...all, e] : all.filter((x) => x !== e)));
  const submit = async () => {
    setBusy(true);
    errors.clear();
    try {
      const definitionKeys = keys().split(",").map((k) => k.trim()).filter(Boolean);
      const created = await webhooksApi.create({ name: name(), url: url(), events: events(), active: true, filter: definitionKeys.length ? { definition_keys: definitionKeys } : {} });
      props.onCreated(created);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={props.open} onOpenChange={props.onOpenChange} title={tr("webhooks.new")} onSubmit={() => void submit()} testid="webhook-dialog"
      footer={<Button variant="primary" type="submit" loading={busy()} data-testid="webhook-create">{tr("webhooks.create")}</Button>}
    >
      <TextField label={tr("webhooks.name")} name="name" value={name()} onChange={setName} error={errors.of("name")} required />
      <TextField label={tr("webhooks.url")} name="url" value={url()} onChange={setUrl} error={errors.of("url")} required />
      <fieldset class="field">
        <legend class="field__label">{tr("webhooks.events")}</legend>
        <For each={WEBHOOK_EVENTS}>
          {(e) => <Checkbox label={<code>{e}</code>} value={e} checked={events().includes(e)} onChange={(on) => toggle(e, on)} />}
        </For>
        <span class="field__error">{errors.of("events")}</span>
      </fieldset>
      <TextField label={tr("webhooks.definition_keys")} name="definition_keys" value={keys()} onChange={setKeys} error={errors.of("filter")} />
    </Dialog>
  );
}

/** The signing secret, once: after create and after a rotation. */
export function SecretDialog(props: { secret: string | null; onClose: () => void }): JSX.Element {
  return (
    <Dialog
      open={props.secret !== null} onOpenChange={(o) => !o && props.onClose()} title={tr("webhooks.secret_title")} testid="webhook-secret"
      footer={<Button variant="primary" onClick={() => props.onClose()}>{tr("webhooks.close")}</Button>}
    >
      <p>{tr("webhooks.secret_hint")}</p>
      <pre data-testid="webhook-secret-value" class="code-block">{props.secret}</pre>
    </Dialog>
  );
}
