import { useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, Match, onMount, Show, Switch, type JSX } from "solid-js";
import { authApi } from "../../data/auth.ts";
import { loadTokens } from "../../data/tokens.ts";
import { LangSwitch } from "../../layout/lang-switch.tsx";
import { forgetSession, loadMe, me, status } from "../../providers/auth.ts";
import { hasMessage, t } from "@ops/shared/i18n/index.ts";
import { locale, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { ChangePasswordStep } from "./change-password-step.tsx";
import { LoginAlert } from "./login-alert.tsx";
import { safeRedirect, stepAfterLogin, stepForMe, type LoginStep } from "./login-flow.ts";
import { MfaSetupStep } from "./mfa-setup-step.tsx";
import { MfaStep } from "./mfa-step.tsx";
import { PasswordStep } from "./password-step.tsx";
import { readSsoHash } from "./sso-hash.ts";
import { SmsLoginStep } from "./sms-login-step.tsx";
import { Tabs } from "../../ui/tabs.tsx";

/** /login: every sign-in step in one card. Also resumes a restricted session after a reload. */
export function LoginPage(): JSX.Element {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ redirect?: string }>();
  const [step, setStep] = createSignal<LoginStep>({ kind: "password" });
  const [error, setError] = createSignal<unknown>(null);
  const [mode, setMode] = createSignal("password");

  onMount(async () => {
    const sso = readSsoHash();
    if (sso?.ticket) {
      try {
        setStep(await stepAfterLogin(await authApi.exchangeSso(sso.ticket)));
      } catch (e) {
        setError(e);
      }
    } else if (sso?.error) {
      // the callback passes an API message key; unknown ones are shown as they came
      setError(new Error(hasMessage(sso.error) ? t(locale(), sso.error) : tr("login.sso_failed", { reason: sso.error })));
    } else if (loadTokens()) {
      setStep(stepForMe(me() ?? (await loadMe())));
    }
  });

  createEffect(() => {
    if (step().kind === "done") navigate(safeRedirect(params.redirect), { replace: true });
  });

  const cancel = () => {
    forgetSession();
    setStep({ kind: "password" });
  };

  return (
    <div class="login">
      <div class="login__lang">
        <LangSwitch />
      </div>
      <div class="login__card" data-testid="login-card">
        <div class="login__brand">
          <img src="/icon.svg" alt="" width="40" height="40" />
          <div>
            <h1>{tr("app.name")}</h1>
            <p>{tr("login.tagline")}</p>
          </div>
        </div>
        <LoginAlert error={error()} />
        <Switch>
          <Match when={status() === "loading" && step().kind === "password" && loadTokens()}>
            <p class="muted">{tr("common.loading")}</p>
          </Match>
          <Match when={step().kind === "password"}>
            <Tabs
              label={tr("login.submit")}
              value={mode()}
              onChange={(m) => { setMode(m); setError(null); }}
              tabs={[
                { value: "password", label: tr("sms.tab_password"), render: () => <PasswordStep onResult={setStep} onError={setError} /> },
                { value: "sms", label: tr("sms.tab_sms"), render: () => <SmsLoginStep onResult={setStep} onError={setError} /> },
              ]}
            />
          </Match>
          <Match when={step().kind === "mfa" && (step() as { mfaToken: string }).mfaToken}>
            {(token) => <MfaStep mfaToken={token()} onResult={setStep} onError={setError} />}
          </Match>
          <Match when={step().kind === "change_password"}>
            <ChangePasswordStep onResult={setStep} onError={setError} />
          </Match>
          <Match when={step().kind === "mfa_setup"}>
            <MfaSetupStep onResult={setStep} onError={setError} />
          </Match>
        </Switch>
        <Show when={step().kind !== "password"}>
          <Button variant="ghost" class="login__back" onClick={cancel}>
            {tr("login.back_to_sign_in")}
          </Button>
        </Show>
      </div>
    </div>
  );
}
