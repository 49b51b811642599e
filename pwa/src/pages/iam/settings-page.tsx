import { createResource, createSignal, For, type JSX } from "solid-js";
import { settingsApi } from "../../data/settings.ts";
import type { SecuritySettings } from "../../data/types.ts";
import { can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";

/** Groups of the security settings object (api/src/modules/iam/settings/settings.ts); unknown keys still show. */
const GROUPS: Array<{ title: string; keys: string[] }> = [
  { title: "settings.group_password", keys: ["password_min_length", "password_min_classes", "password_history", "password_expiry_days"] },
  { title: "settings.group_lockout", keys: ["lockout_threshold", "lockout_minutes", "login_rate_per_minute"] },
  { title: "settings.group_sessions", keys: ["access_token_minutes", "refresh_token_days", "idle_timeout_minutes", "max_sessions_per_user"] },
];

function SettingsForm(props: { value: SecuritySettings; onSaved: () => void }): JSX.Element {
  const [draft, setDraft] = createSignal<Record<string, string>>(Object.fromEntries(Object.entries(props.value).map(([k, v]) => [k, String(v)])));
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const known = new Set(GROUPS.flatMap((g) => g.keys));
  const groups = [...GROUPS, { title: "settings.group_other", keys: Object.keys(props.value).filter((k) => !known.has(k)) }].filter((g) => g.keys.some((k) => k in props.value));
  const editable = can("iam:settings:update");

  const save = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      await settingsApi.saveSecurity(Object.fromEntries(Object.entries(draft()).map(([k, v]) => [k, Number(v)])));
      notify.success(tr("common.saved"));
      props.onSaved();
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={save} data-testid="settings-form">
      <For each={groups}>
        {(g) => (
          <section class="card">
            <h2 class="section-title section-title--first">{tr(g.title)}</h2>
            <div class="form-grid">
              <For each={g.keys.filter((k) => k in props.value)}>
                {(k) => <TextField label={tr(`settings.${k}`)} name={k} type="number" value={draft()[k] ?? ""} onChange={(v) => setDraft((d) => ({ ...d, [k]: v }))} disabled={!editable} error={errors.of(k)} />}
              </For>
            </div>
          </section>
        )}
      </For>
      {editable ? <div><Button variant="primary" type="submit" loading={busy()}>{tr("common.save")}</Button></div> : null}
    </form>
  );
}

export default function SettingsPage(): JSX.Element {
  const [settings, { refetch }] = createResource(() => settingsApi.security());
  return (
    <section class="page" data-testid="settings-page">
      <PageHeader title={tr("nav.settings")} />
      <ResourceView resource={settings} retry={refetch}>
        {(value) => <SettingsForm value={value()} onSaved={refetch} />}
      </ResourceView>
    </section>
  );
}
