import { createSignal, Show, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { smsApi } from "../../data/sms.ts";
import type { TokenData } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { SmsSendButton, smsFieldErrors } from "../login/sms-send.tsx";

/**
 * Turn the SMS second factor on: a code goes to the profile's phone, typing it back enables the
 * factor. `onDone` gets the new tokens when the session was restricted to MFA setup.
 */
export function SmsFactorSetup(props: { onDone: (tokens?: TokenData) => void | Promise<void>; noPhoneHint?: string }): JSX.Element {
  const [code, setCode] = createSignal("");
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  const [noPhone, setNoPhone] = createSignal(false);
  const [error, setError] = createSignal<string | undefined>();
  const [busy, setBusy] = createSignal(false);

  const fail = (e: unknown) => {
    if (isApiError(e) && e.reason === "iam.sms_no_phone") return setNoPhone(true);
    setError(smsFieldErrors(e)?.code ?? smsFieldErrors(e)?.phone ?? (e instanceof Error ? e.message : String(e)));
  };
  const enable = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onDone((await smsApi.enable(code().trim())).tokens);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={enable} data-testid="sms-setup-form">
      <Show when={!noPhone()} fallback={<p class="alert alert--warn" data-testid="sms-no-phone">{props.noPhoneHint ?? tr("sms.no_phone_hint")}</p>}>
        <p class="muted">{tr("sms.setup_hint")}</p>
        <SmsSendButton send={smsApi.setup} onSent={(s) => setSentTo(s.phone)} onError={(e) => (e ? fail(e) : setError(undefined))} testid="sms-setup-send" />
        <Show when={sentTo()}>{(p) => <p class="muted" data-testid="sms-sent">{tr("sms.sent_to", { phone: p() })}</p>}</Show>
        <TextField label={tr("sms.code")} name="code" value={code()} onChange={setCode} inputMode="numeric" autocomplete="one-time-code" required error={error()} />
        <Button variant="primary" type="submit" loading={busy()} disabled={!sentTo()} data-testid="sms-setup-enable">
          {tr("sms.enable")}
        </Button>
      </Show>
    </form>
  );
}
