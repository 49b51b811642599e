import { createResource, createSignal, Match, Switch, type JSX } from "solid-js";
import { authApi } from "../../data/auth.ts";
import type { MfaEnableResult, TokenData } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { RecoveryCodes } from "./recovery-codes.tsx";

/** Bind a TOTP app: QR + secret → first code → recovery codes (shown once) → done. */
export function MfaSetupFlow(props: { onDone: (tokens?: TokenData) => void | Promise<void> }): JSX.Element {
  const [setup, { refetch }] = createResource(() => authApi.totpSetup());
  const [code, setCode] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [enabled, setEnabled] = createSignal<MfaEnableResult | null>(null);
  const errors = createFormErrors();

  const enable = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      setEnabled(await authApi.totpEnable(code().trim()));
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Switch>
      <Match when={enabled()}>
        {(r) => <RecoveryCodes codes={r().recovery_codes} onDone={() => props.onDone(r().tokens)} />}
      </Match>
      <Match when={true}>
        <ResourceView resource={setup} retry={refetch}>
          {(s) => (
            <form class="form mfa-setup" onSubmit={enable} data-testid="mfa-setup-form">
              <p class="muted">{tr("account.mfa_scan")}</p>
              <img class="mfa-setup__qr" src={s().qr_data_url} alt={tr("account.mfa_qr_alt")} width="180" height="180" />
              <p class="mfa-setup__secret">
                {tr("account.mfa_secret")} <code data-testid="mfa-secret">{s().secret}</code>
              </p>
              <TextField label={tr("login.mfa_code")} name="code" value={code()} onChange={setCode} inputMode="numeric" autocomplete="one-time-code" required error={errors.of("code")} />
              <Button variant="primary" type="submit" loading={busy()}>
                {tr("account.mfa_enable")}
              </Button>
            </form>
          )}
        </ResourceView>
      </Match>
    </Switch>
  );
}
