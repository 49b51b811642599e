import { createSignal, For, Show, type JSX } from "solid-js";
import { NOTIFY_WEBHOOK_KINDS, notifyWebhooksApi, type NotifyWebhook, type NotifyWebhookKind } from "../../data/notify-webhooks.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { SecretOnceDialog } from "../../ui/secret-once-dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { Switch } from "../../ui/switch.tsx";
import { TextField } from "../../ui/text-field.tsx";

/** Types as typed: comma- or newline-separated; mobiles one a line. Validation is the API's (it names `types.2`). */
export const splitList = (text: string, commas: boolean): string[] => text.split(commas ? /[,，\n]/ : /\n/).map((x) => x.trim()).filter(Boolean);

/**
 * New webhook or group robot. Generic: name, https URL, types → the answer carries the signing secret (shown once by
 * the page). WeCom robot: name, the robot's `…/cgi-bin/webhook/send?key=…` URL, types, @ mobiles → no secret.
 * The API's field errors (`url` a private target or not a robot URL, `mentions.0`) land on their inputs.
 */
export function NotifyWebhookDialog(props: { open: boolean; onOpenChange: (open: boolean) => void; onCreated: (w: NotifyWebhook & { secret?: string }) => void }): JSX.Element {
  const [kind, setKind] = createSignal<NotifyWebhookKind>("generic");
  const [name, setName] = createSignal("");
  const [url, setUrl] = createSignal("https://");
  const [types, setTypes] = createSignal("*");
  const [mentions, setMentions] = createSignal("");
  const [enabled, setEnabled] = createSignal(true);
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const reset = () => (setKind("generic"), setName(""), setUrl("https://"), setTypes("*"), setMentions(""), setEnabled(true), errors.clear());
  const submit = async () => {
    setBusy(true);
    errors.clear();
    try {
      const robot = kind() === "wecom";
      const created = await notifyWebhooksApi.create({
        name: name().trim(), kind: kind(), url: url().trim(), types: splitList(types(), true), enabled: enabled(), mentions: robot ? splitList(mentions(), false) : [],
      });
      props.onCreated(created);
      reset();
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={props.open} onOpenChange={props.onOpenChange} title={tr("nwh.new")} onSubmit={() => void submit()} testid="nwh-dialog"
      footer={<Button variant="primary" type="submit" loading={busy()} data-testid="nwh-create">{tr("nwh.create")}</Button>}
    >
      <fieldset class="field" data-field="kind">
        <legend class="field__label">{tr("nwh.kind")}</legend>
        <div class="row" role="radiogroup" aria-label={tr("nwh.kind")}>
          <For each={NOTIFY_WEBHOOK_KINDS}>
            {(k) => (
              <label class="row">
                <input type="radio" name="kind" value={k} checked={kind() === k} data-testid={`nwh-kind-${k}`} onChange={() => setKind(k)} />
                <span>{tr(`nwh.kind.${k}`)}</span>
              </label>
            )}
          </For>
        </div>
        <Show when={errors.of("kind")}><span class="field__error">{errors.of("kind")}</span></Show>
      </fieldset>
      <TextField label={tr("nwh.name")} name="name" value={name()} onChange={setName} error={errors.of("name")} required />
      <TextField label={tr("nwh.url")} name="url" value={url()} onChange={setUrl} error={errors.of("url")} required
        description={tr(`nwh.url_hint.${kind()}`)} placeholder={kind() === "wecom" ? "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" : "https://"} />
      <TextField label={tr("nwh.types")} name="types" multiline value={types()} onChange={setTypes} error={errors.of("types")} description={tr("nwh.types_hint")} required />
      <Show when={kind() === "wecom"}>
        <TextField label={tr("nwh.mentions")} name="mentions" multiline value={mentions()} onChange={setMentions} error={errors.of("mentions")} description={tr("nwh.mentions_hint")} />
      </Show>
      <Switch label={tr("nwh.enabled")} checked={enabled()} onChange={setEnabled} />
    </Dialog>
  );
}

/** A generic webhook's signing secret, once, with a copy button and the warning that it will not show again. */
export function NotifySecretDialog(props: { secret: string | null; onClose: () => void }): JSX.Element {
  const texts = {
    title: tr("nwh.secret_title"), note: tr("nwh.secret_warning"), copy: tr("nwh.copy"), close: tr("nwh.close"),
    copied: tr("nwh.copied"), copyFailed: tr("nwh.copy_failed"),
  };
  return <SecretOnceDialog secret={props.secret} onClose={props.onClose} texts={texts} prefix="nwh" warn />;
}
