import type { JSX } from "solid-js";
import type { TokenData } from "../../data/types.ts";
import { loadMe } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { MfaSetupFlow } from "../account/mfa-setup-flow.tsx";
import { stepAfterTokens, stepForMe, type LoginStep } from "./login-flow.ts";

/** A role requires MFA and the user has none yet: bind an authenticator before going on. */
export function MfaSetupStep(props: { onResult: (s: LoginStep) => void; onError: (e: unknown) => void }): JSX.Element {
  const finish = async (tokens?: TokenData) => props.onResult(tokens ? await stepAfterTokens(tokens) : stepForMe(await loadMe()));
  return (
    <div data-testid="mfa-setup-step">
      <h2 class="form__title">{tr("login.mfa_setup_title")}</h2>
      <p class="muted">{tr("login.mfa_setup_hint")}</p>
      <MfaSetupFlow onDone={finish} />
    </div>
  );
}
