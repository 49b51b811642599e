import { createResource, createSignal, Show, type JSX } from "solid-js";
import type { ChatBinding } from "../../data/bindings.ts";
import { isApiError } from "../../data/api-error.ts";
import { me } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { bindRequestApi } from "./bind-request.ts";
import { BindRequester } from "./bind-requester.tsx";
import { platformLabel } from "./bindings-platform.ts";

/**
 * Enter a binding code, or confirm the one the bot's link carried. The link's code is looked up
 * first: the page shows which chat account asks (platform, workspace, name, id) and that it will
 * act as the signed-in user. A sign-in older than 5 minutes must give the password again.
 */
export function BindForm(props: { linkCode?: string; onBound: (b: ChatBinding) => void; onDismissLink: () => void }): JSX.Element {
  const [code, setCode] = createSignal(props.linkCode ?? "");
  const [password, setPassword] = createSignal("");
  const [mfaCode, setMfaCode] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal("");
  const [bound, setBound] = createSignal("");
  const [askPassword, setAskPassword] = createSignal(false);
  const errors = createFormErrors();
  const user = () => me()?.display_name || me()?.username || "";
  // A bad or expired link says so next to the code rather than failing the page.
  const [preview] = createResource(() => props.linkCode, (c) => bindRequestApi.preview(c).catch((e: unknown) => {
    if (isApiError(e)) setProblem(e.message);
    return null;
  }));
  const needPassword = () => askPassword() || preview()?.reauth_required === true;

  const submit = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setProblem("");
    setBound("");
    setBusy(true);
    try {
      const b = await bindRequestApi.bind(code().trim(), needPassword() ? { password: password(), mfa_code: mfaCode().trim() } : {});
      const text = tr("bindings.bound", { platform: platformLabel(b.platform), name: b.name ?? b.external_user_id, user: user() });
      setBound(text);
      notify.success(text);
      setCode("");
      setPassword("");
      setMfaCode("");
      setAskPassword(false);
      props.onBound(b);
    } catch (err) {
      errors.fail(err);
      if (isApiError(err) && err.reason === "im.reauth_required") setAskPassword(true);
      // A conflict (already bound elsewhere) belongs to no field: keep it visible by the form.
      else if (isApiError(err) && !err.errors.length) setProblem(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form card card--narrow" onSubmit={submit} data-testid="bind-form">
      <h2>{tr("bindings.form_title")}</h2>
      <p class="muted">{tr("bindings.form_hint")}</p>
      <Show when={bound()}>
        <p class="alert alert--info" role="status" data-testid="bind-success">{bound()}</p>
      </Show>
      <Show when={props.linkCode}>
        {(c) => <p class="alert alert--warn" data-testid="bind-question">{tr("bindings.confirm_question", { code: c(), user: user() })}</p>}
      </Show>
      <Show when={props.linkCode ? preview() : null}>
        {(p) => <BindRequester preview={p()} user={user()} />}
      </Show>
      <TextField label={tr("bindings.code")} name="code" value={code()} onChange={setCode} placeholder={tr("bindings.code_placeholder")} autocomplete="off" required error={errors.of("code")} />
      <Show when={needPassword()}>
        <TextField label={tr("bindings.password")} name="password" type="password" value={password()} onChange={setPassword} description={tr("bindings.password_hint")} autocomplete="current-password" error={errors.of("password")} />
        {/* Accounts with MFA (and single sign-on ones, which may have no password) can prove it with a code instead. */}
        <Show when={me()?.mfa_enabled}>
          <TextField label={tr("bindings.mfa_code")} name="mfa_code" value={mfaCode()} onChange={setMfaCode} inputMode="numeric" autocomplete="one-time-code" error={errors.of("mfa_code")} />
        </Show>
      </Show>
      <Show when={problem()}>
        <p class="alert alert--error" role="alert" data-testid="bind-error">{problem()}</p>
      </Show>
      <div class="row">
        <Button variant="primary" type="submit" loading={busy()} disabled={!code().trim() || (needPassword() && !password() && !mfaCode().trim())} data-testid="bind-submit">
          {props.linkCode ? tr("bindings.confirm") : tr("bindings.submit")}
        </Button>
        <Show when={props.linkCode}>
          <Button onClick={() => { setCode(""); errors.clear(); setProblem(""); props.onDismissLink(); }}>{tr("bindings.cancel")}</Button>
        </Show>
      </div>
    </form>
  );
}
