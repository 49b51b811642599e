import { createSignal, Show, type JSX } from "solid-js";
import { smsApi } from "../../data/sms.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { stepAfterLogin, type LoginStep } from "./login-flow.ts";
import { SmsSendButton, smsFieldErrors } from "./sms-send.tsx";

/**
 * Sign-in by phone: phone → "获取验证码" → 6-digit code → the same next steps as the password
 * (MFA step, forced password change, MFA setup). Errors go next to the field they concern.
 */
export function SmsLoginStep(props: { onResult: (s: LoginStep) => void; onError: (e: unknown) => void }): JSX.Element {
  const [phone, setPhone] = createSignal("");
  const [code, setCode] = createSignal("");
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});

  /** Field errors beside the fields; anything else above the form. */
  const fail = (e: unknown) => {
    const fields = smsFieldErrors(e);
    setFieldErrors(fields ?? {});
    props.onError(fields ? null : e);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setFieldErrors({});
    props.onError(null);
    try {
      props.onResult(await stepAfterLogin(await smsApi.login(phone().trim(), code().trim())));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={submit} data-testid="sms-login-form">
      <div class="sms-row">
        <TextField label={tr("sms.phone")} name="phone" type="tel" value={phone()} onChange={setPhone} autocomplete="tel" required error={fieldErrors().phone} />
        <SmsSendButton
          send={() => smsApi.sendLogin(phone().trim())}
          onSent={(s) => { setSentTo(s.phone); setFieldErrors({}); }}
          onError={(err) => (err ? fail(err) : setFieldErrors({}))}
          disabled={!phone().trim()}
        />
      </div>
      <Show when={sentTo()}>{(p) => <p class="muted" data-testid="sms-sent">{tr("sms.sent_to", { phone: p() })}</p>}</Show>
      <TextField label={tr("sms.code")} name="code" value={code()} onChange={setCode} inputMode="numeric" autocomplete="one-time-code" required error={fieldErrors().code} />
      <Button variant="primary" type="submit" loading={busy()} class="btn--block" data-testid="sms-login-submit">
        {tr("login.submit")}
      </Button>
    </form>
  );
}
