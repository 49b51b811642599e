import { createSignal, For, Show, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { authApi } from "../../data/auth.ts";
import { smsApi } from "../../data/sms.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { stepAfterTokens, type LoginStep } from "./login-flow.ts";
import { SmsSendButton, smsFieldErrors } from "./sms-send.tsx";

type Mode = "totp" | "sms" | "recovery";
const HINT: Record<Mode, string> = { totp: "login.mfa_hint", sms: "sms.mfa_hint", recovery: "login.mfa_recovery_hint" };
const LABEL: Record<Mode, string> = { totp: "login.mfa_code", sms: "sms.code", recovery: "login.recovery_code" };
const SWITCH: Record<Mode, string> = { totp: "login.use_totp", sms: "sms.use_sms", recovery: "login.use_recovery" };

/** Second factor: a TOTP code, an SMS code sent to the account's phone, or one of the recovery codes. */
export function MfaStep(props: { mfaToken: string; onResult: (s: LoginStep) => void; onError: (e: unknown) => void }): JSX.Element {
  const [mode, setMode] = createSignal<Mode>("totp");
  const [code, setCode] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  // the API said this account has no SMS factor: the choice goes away and TOTP stays
  const [smsOff, setSmsOff] = createSignal(false);
  const [codeError, setCodeError] = createSignal<string | undefined>();

  const choose = (m: Mode) => {
    setMode(m);
    setCode("");
    setCodeError(undefined);
    props.onError(null);
  };
  const sendFailed = (e: unknown) => {
    if (isApiError(e) && e.reason === "iam.sms_factor_not_enabled") {
      setSmsOff(true);
      choose("totp");
      props.onError(new Error(tr("sms.mfa_not_enabled")));
      return;
    }
    const fields = smsFieldErrors(e, "code");
    setCodeError(fields?.code);
    props.onError(fields ? null : e);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setCodeError(undefined);
    props.onError(null);
    try {
      const value = code().trim();
      const tokens = mode() === "sms"
        ? await smsApi.verifyChallenge(props.mfaToken, value)
        : await authApi.verifyMfa(props.mfaToken, mode() === "recovery" ? { recovery_code: value } : { code: value });
      props.onResult(await stepAfterTokens(tokens));
    } catch (err) {
      props.onError(err);
    } finally {
      setBusy(false);
    }
  };

  const others = () => (["totp", "sms", "recovery"] as Mode[]).filter((m) => m !== mode() && !(m === "sms" && smsOff()));
  return (
    <form class="form" onSubmit={submit} data-testid="mfa-form" data-mode={mode()}>
      <h2 class="form__title">{tr("login.mfa_title")}</h2>
      <p class="muted">{tr(HINT[mode()])}</p>
      <Show when={mode() === "sms"}>
        <SmsSendButton send={() => smsApi.sendChallenge(props.mfaToken)} onSent={(s) => setSentTo(s.phone)} onError={(e) => e && sendFailed(e)} testid="mfa-sms-send" />
        <Show when={sentTo()}>{(p) => <p class="muted" data-testid="sms-sent">{tr("sms.sent_to", { phone: p() })}</p>}</Show>
      </Show>
      <TextField
        label={tr(LABEL[mode()])}
        name="code"
        value={code()}
        onChange={setCode}
        autocomplete="one-time-code"
        inputMode={mode() === "recovery" ? "text" : "numeric"}
        required
        error={codeError()}
      />
      <Button variant="primary" type="submit" loading={busy()} class="btn--block">
        {tr("login.verify")}
      </Button>
      <For each={others()}>
        {(m) => <Button variant="ghost" onClick={() => choose(m)} data-testid={`mfa-use-${m}`}>{tr(SWITCH[m])}</Button>}
      </For>
    </form>
  );
}
