import { createSignal, type JSX } from "solid-js";
import { authApi } from "../../data/auth.ts";
import type { Locale } from "../../data/types.ts";
import { loadMe, me } from "../../providers/auth.ts";
import { setLocale, tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";

/** Display name, contact details and preferred language (which also switches the UI). */
export function ProfileForm(): JSX.Element {
  const m = me()!;
  const [displayName, setDisplayName] = createSignal(m.display_name ?? "");
  const [email, setEmail] = createSignal(m.email ?? "");
  const [phone, setPhone] = createSignal(m.phone ?? "");
  const [lang, setLang] = createSignal<string>(m.locale === "en" ? "en" : "zh-CN");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();

  const save = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      await authApi.updateMe({ display_name: displayName(), email: email() || undefined, phone: phone() || undefined, locale: lang() });
      setLocale(lang() as Locale);
      await loadMe();
      notify.success(tr("common.saved"));
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form card card--narrow" onSubmit={save} data-testid="profile-form">
      <dl class="facts">
        <dt>{tr("users.username")}</dt>
        <dd>{m.username}</dd>
        <dt>{tr("users.department")}</dt>
        <dd>{m.dept_name ?? "—"}</dd>
        <dt>{tr("users.roles")}</dt>
        <dd>{(m.roles ?? []).map((r) => r.name).join("、") || "—"}</dd>
      </dl>
      <TextField label={tr("users.display_name")} name="display_name" value={displayName()} onChange={setDisplayName} required error={errors.of("display_name")} />
      <TextField label={tr("users.email")} name="email" type="email" value={email()} onChange={setEmail} error={errors.of("email")} />
      <TextField label={tr("users.phone")} name="phone" type="tel" value={phone()} onChange={setPhone} error={errors.of("phone")} />
      <Select label={tr("users.locale")} name="locale" value={lang()} onChange={setLang} options={[{ value: "zh-CN", label: "简体中文" }, { value: "en", label: "English" }]} error={errors.of("locale")} />
      <Button variant="primary" type="submit" loading={busy()}>
        {tr("common.save")}
      </Button>
    </form>
  );
}
