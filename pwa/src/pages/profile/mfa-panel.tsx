import { createSignal, Match, Switch, type JSX } from "solid-js";
import { authApi } from "../../data/auth.ts";
import { loadMe, me } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { MfaSetupFlow } from "../account/mfa-setup-flow.tsx";
import { RecoveryCodes } from "../account/recovery-codes.tsx";
import { mfaMethods } from "../../data/sms.ts";
import { SmsFactorPanel } from "./sms-factor-panel.tsx";

/** Two-step verification: which factors are on; the authenticator (bind, disable, recovery codes) and SMS codes. */
export function MfaPanel(): JSX.Element {
  const [binding, setBinding] = createSignal(false);
  const [password, setPassword] = createSignal("");
  const [codes, setCodes] = createSignal<string[] | null>(null);
  const [busy, setBusy] = createSignal<"" | "disable" | "codes">("");
  const errors = createFormErrors();

  const run = async (what: "disable" | "codes") => {
    errors.clear();
    setBusy(what);
    try {
      if (what === "codes") setCodes((await authApi.recoveryCodes(password())).recovery_codes);
      else {
        await authApi.mfaDisable(password());
        notify.success(tr("account.mfa_disabled"));
        await loadMe();
      }
      setPassword("");
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy("");
    }
  };

  const totpOn = () => mfaMethods(me()).includes("totp");
  return (
    <div class="card card--narrow" data-testid="mfa-panel">
      <p class="muted" data-testid="mfa-methods">{tr("sms.methods_on", { methods: mfaMethods(me()).map((m) => tr(`sms.method_${m}`)).join("、") || tr("sms.methods_none") })}</p>
      <h3>{tr("sms.totp_title")}</h3>
      <Switch>
        <Match when={codes()}>{(c) => <RecoveryCodes codes={c()} onDone={() => setCodes(null)} />}</Match>
        <Match when={binding()}>
          <MfaSetupFlow onDone={async () => { setBinding(false); await loadMe(); notify.success(tr("account.mfa_enabled")); }} />
        </Match>
        <Match when={!totpOn()}>
          <p>{tr(mfaMethods(me()).length ? "sms.totp_off" : "account.mfa_off")}</p>
          <Button variant="primary" onClick={() => setBinding(true)}>{tr("account.mfa_bind")}</Button>
        </Match>
        <Match when={true}>
          <p class="badge badge--ok">{tr("sms.totp_on")}</p>
          <div class="form">
            <TextField label={tr("account.current_password")} name="password" type="password" value={password()} onChange={setPassword} autocomplete="current-password" required error={errors.of("password")} />
            <div class="row">
              <Button onClick={() => run("codes")} loading={busy() === "codes"} disabled={!password()}>{tr("account.regenerate_codes")}</Button>
              <Button variant="danger" onClick={() => run("disable")} loading={busy() === "disable"} disabled={!password()}>{tr("account.mfa_disable")}</Button>
            </div>
          </div>
        </Match>
      </Switch>
      <SmsFactorPanel />
    </div>
  );
}
