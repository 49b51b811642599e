import { createSignal, type JSX } from "solid-js";
import { authApi } from "../../data/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { stepAfterTokens, type LoginStep } from "./login-flow.ts";

/** Second factor: a TOTP code, or one of the recovery codes. */
export function MfaStep(props: { mfaToken: string; onResult: (s: LoginStep) => void; onError: (e: unknown) => void }): JSX.Element {
  const [useRecovery, setUseRecovery] = createSignal(false);
  const [code, setCode] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    props.onError(null);
    try {
      const value = code().trim();
      const tokens = await authApi.verifyMfa(props.mfaToken, useRecovery() ? { recovery_code: value } : { code: value });
      props.onResult(await stepAfterTokens(tokens));
    } catch (err) {
      props.onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={submit} data-testid="mfa-form">
      <h2 class="form__title">{tr("login.mfa_title")}</h2>
      <p class="muted">{useRecovery() ? tr("login.mfa_recovery_hint") : tr("login.mfa_hint")}</p>
      <TextField
        label={useRecovery() ? tr("login.recovery_code") : tr("login.mfa_code")}
        name="code"
        value={code()}
        onChange={setCode}
        autocomplete="one-time-code"
        inputMode={useRecovery() ? "text" : "numeric"}
        required
      />
      <Button variant="primary" type="submit" loading={busy()} class="btn--block">
        {tr("login.verify")}
      </Button>
      <Button variant="ghost" onClick={() => { setUseRecovery(!useRecovery()); setCode(""); }}>
        {useRecovery() ? tr("login.use_totp") : tr("login.use_recovery")}
      </Button>
    </form>
  );
}
