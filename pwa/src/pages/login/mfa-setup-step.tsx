import { createSignal, Show, type JSX } from "solid-js";
import type { TokenData } from "../../data/types.ts";
import { loadMe } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { MfaSetupFlow } from "../account/mfa-setup-flow.tsx";
import { SmsFactorSetup } from "../account/sms-factor-setup.tsx";
import { stepAfterTokens, stepForMe, type LoginStep } from "./login-flow.ts";

/** A role requires MFA and the user has none yet: bind an authenticator, or SMS codes, before going on. */
export function MfaSetupStep(props: { onResult: (s: LoginStep) => void; onError: (e: unknown) => void }): JSX.Element {
  const [sms, setSms] = createSignal(false);
  const finish = async (tokens?: TokenData) => props.onResult(tokens ? await stepAfterTokens(tokens) : stepForMe(await loadMe()));
  return (
    <div data-testid="mfa-setup-step">
      <h2 class="form__title">{tr("login.mfa_setup_title")}</h2>
      <p class="muted">{tr("login.mfa_setup_hint")}</p>
      <Show when={sms()} fallback={<MfaSetupFlow onDone={finish} />}>
        <SmsFactorSetup onDone={finish} noPhoneHint={tr("sms.no_phone_login_hint")} />
      </Show>
      <Button variant="ghost" onClick={() => setSms(!sms())} data-testid="mfa-setup-switch">
        {sms() ? tr("sms.setup_use_totp") : tr("sms.setup_use_sms")}
      </Button>
    </div>
  );
}
