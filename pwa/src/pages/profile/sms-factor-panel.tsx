import { createSignal, Match, Switch, type JSX } from "solid-js";
import { mfaMethods, smsApi } from "../../data/sms.ts";
import { loadMe, me } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { SmsFactorSetup } from "../account/sms-factor-setup.tsx";

/** The SMS second factor in my account: on (send a code to my phone, type it back) or off (password). */
export function SmsFactorPanel(): JSX.Element {
  const [setting, setSetting] = createSignal(false);
  const [password, setPassword] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const on = () => mfaMethods(me()).includes("sms");

  const disable = async () => {
    errors.clear();
    setBusy(true);
    try {
      await smsApi.disable(password());
      setPassword("");
      notify.success(tr("sms.disabled"));
      await loadMe();
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="mfa-sms" data-testid="sms-factor-panel" data-on={on() ? "1" : "0"}>
      <h3>{tr("sms.factor_title")}</h3>
      <Switch>
        <Match when={setting()}>
          <SmsFactorSetup onDone={async () => { setSetting(false); await loadMe(); notify.success(tr("sms.enabled")); }} />
          <Button variant="ghost" onClick={() => setSetting(false)}>{tr("common.cancel")}</Button>
        </Match>
        <Match when={!on()}>
          <p>{tr("sms.factor_off")}</p>
          <Button onClick={() => setSetting(true)} data-testid="sms-factor-on">{tr("sms.factor_turn_on")}</Button>
        </Match>
        <Match when={true}>
          <p class="badge badge--ok">{tr("sms.factor_on")}</p>
          <div class="form">
            <TextField label={tr("account.current_password")} name="sms_password" type="password" value={password()} onChange={setPassword} autocomplete="current-password" required error={errors.of("password")} />
            <Button variant="danger" onClick={disable} loading={busy()} disabled={!password()} data-testid="sms-factor-off">{tr("sms.factor_turn_off")}</Button>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
