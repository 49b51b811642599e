import { useSearchParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { API_BASE } from "../../config.ts";
import { authApi } from "../../data/auth.ts";
import type { Provider } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { safeRedirect, stepAfterLogin, type LoginStep } from "./login-flow.ts";
import { isApiError } from "../../data/api-error.ts";
import { ImSignInButton, imLabel } from "./im-buttons.tsx";
import { inAppSignIn } from "./in-app.ts";

type StepProps = { onResult: (s: LoginStep) => void; onError: (e: unknown) => void };

/** Providers are optional: without the endpoint (or with only passwords) the choice is hidden. */
async function loadProviders(): Promise<Provider[]> {
  try {
    return await authApi.providers();
  } catch {
    return [];
  }
}

export function PasswordStep(props: StepProps): JSX.Element {
  const [params] = useSearchParams<{ redirect?: string }>();
  const [providers] = createResource(loadProviders, { initialValue: [] });
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [provider, setProvider] = createSignal("password");
  const [busy, setBusy] = createSignal(false);
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});

  const formProviders = () => providers().filter((p) => p.kind !== "oidc");
  const redirectProviders = () => providers().filter((p) => p.kind === "oidc" || p.kind === "im");
  const [inApp, setInApp] = createSignal<string | null>(null);
  let triedInApp = false;
  // Inside Feishu or DingTalk the platform's SDK signs the user in without a click (in-app.ts).
  createEffect(() => {
    if (triedInApp || !providers().length) return;
    triedInApp = true;
    const attempt = inAppSignIn(providers());
    if (!attempt) return;
    setInApp(imLabel(attempt.provider));
    attempt.result.then(stepAfterLogin).then(props.onResult, props.onError).finally(() => setInApp(null));
  });
  const startUrl = (p: Provider) => `${API_BASE}/auth/sso/${encodeURIComponent(p.id)}/start?redirect=${encodeURIComponent(safeRedirect(params.redirect))}`;

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    props.onError(null);
    setFieldErrors({});
    try {
      props.onResult(await stepAfterLogin(await authApi.login(username().trim(), password(), provider())));
    } catch (err) {
      if (isApiError(err)) setFieldErrors(Object.fromEntries(err.errors.map((x) => [x.field, x.message])));
      props.onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Show when={inApp()}>{(name) => <p class="muted" data-testid="login-in-app">{tr("login.in_app_signing_in", { name: name() })}</p>}</Show>
      <form class="form" onSubmit={submit} data-testid="login-form">
        <Show when={formProviders().length > 1}>
          <Select
            label={tr("login.provider")}
            options={formProviders().map((p) => ({ value: p.id, label: p.kind === "password" ? tr("login.provider_local") : p.name }))}
            value={provider()}
            onChange={setProvider}
            name="provider"
          />
        </Show>
        <TextField label={tr("login.username")} name="username" value={username()} onChange={setUsername} autocomplete="username" required error={fieldErrors().username} />
        <TextField label={tr("login.password")} name="password" type="password" value={password()} onChange={setPassword} autocomplete="current-password" required error={fieldErrors().password} />
        <Button variant="primary" type="submit" loading={busy()} class="btn--block" data-testid="login-submit">
          {tr("login.submit")}
        </Button>
      </form>
      <Show when={redirectProviders().length}>
        <div class="login__sso">
          <span class="login__or">{tr("login.or")}</span>
          <For each={redirectProviders()}>
            {(p) => (
              <Show when={p.kind === "im"} fallback={
                <a class="btn btn--secondary btn--md btn--block" href={startUrl(p)} rel="external" data-provider={p.id}>
                  {tr("login.sso_with", { name: p.name })}
                </a>
              }>
                <ImSignInButton provider={p} href={startUrl(p)} />
              </Show>
            )}
          </For>
        </div>
      </Show>
    </>
  );
}
