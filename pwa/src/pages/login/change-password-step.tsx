import type { JSX } from "solid-js";
import type { TokenData } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";
import { PasswordChangeForm } from "../account/password-change-form.tsx";
import { stepAfterTokens, type LoginStep } from "./login-flow.ts";

/** Forced change (first sign-in, reset or expired password) before anything else opens. */
export function ChangePasswordStep(props: { onResult: (s: LoginStep) => void; onError: (e: unknown) => void }): JSX.Element {
  const done = async (tokens: TokenData) => props.onResult(await stepAfterTokens(tokens));
  return (
    <div data-testid="change-password-step">
      <h2 class="form__title">{tr("login.change_password_title")}</h2>
      <p class="muted">{tr("login.change_password_hint")}</p>
      <PasswordChangeForm onChanged={done} />
    </div>
  );
}
