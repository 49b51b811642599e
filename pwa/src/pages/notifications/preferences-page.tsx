import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { notificationsApi } from "../../data/notifications.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { ChannelOrder } from "./channel-order.tsx";
import { ChannelRow } from "./channel-row.tsx";
import { createPreferencesDraft, TYPE_PATTERN } from "./preferences-draft.ts";
import { PushToggle } from "./push-toggle.tsx";
import "./notifications.css";

/** Per type and channel: on / fallback / off and digest, the channel order, and this browser's push. */
export default function PreferencesPage(): JSX.Element {
  const d = createPreferencesDraft();
  const errors = createFormErrors();
  const [prefs, { refetch }] = createResource(async () => {
    const p = await notificationsApi.preferences();
    d.load(p);
    return p;
  });
  const [newType, setNewType] = createSignal("");
  const [typeError, setTypeError] = createSignal("");
  const [saving, setSaving] = createSignal(false);

  const addType = () => {
    const type = newType().trim();
    if (!TYPE_PATTERN.test(type)) return setTypeError(tr("prefs.invalid_type"));
    if (d.draft.types.some((t) => t.type === type)) return setTypeError(tr("prefs.duplicate_type"));
    d.addType(type);
    setNewType("");
    setTypeError("");
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    errors.clear();
    try {
      d.load(await notificationsApi.savePreferences(d.body()));
      notify.success(tr("prefs.saved"));
    } catch (err) {
      errors.fail(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="page" data-testid="prefs-page">
      <PageHeader title={tr("prefs.title")} subtitle={tr("prefs.subtitle")} actions={<A href="/notifications" class="btn btn--ghost btn--md">{tr("nav.notifications")}</A>} />
      <PushToggle />
      <ResourceView resource={prefs} retry={refetch}>
        {() => (
          <form class="card prefs" data-testid="prefs-form" onSubmit={(e) => void save(e)}>
            <div>
              <h2 class="section-title section-title--first">{tr("prefs.order")}</h2>
              <p class="field__hint">{tr("prefs.order_hint")}</p>
              <ChannelOrder order={d.draft.order} onChange={d.setOrder} />
              <Show when={errors.of("order")}>{(m) => <p class="prefs__error" data-testid="prefs-error-order">{m()}</p>}</Show>
            </div>
            <div class="prefs__types">
              <h2 class="section-title section-title--first">{tr("prefs.type")}</h2>
              <ChannelRow name="*" label={tr("prefs.defaults")} channels={d.draft.defaults.channels} digest={d.draft.defaults.digest} onChannel={d.setDefaultChannel} onDigest={d.setDefaultDigest} />
              <Show when={errors.of("defaults")}>{(m) => <p class="prefs__error">{m()}</p>}</Show>
              <For each={d.draft.types}>
                {(t) => (
                  <ChannelRow name={t.type} label={t.type} channels={t.channels} digest={t.digest}
                    onChannel={(ch, mode) => d.setTypeChannel(t.type, ch, mode)} onDigest={(v) => d.setTypeDigest(t.type, v)} />
                )}
              </For>
              <Show when={errors.of("types")}>{(m) => <p class="prefs__error" data-testid="prefs-error-types">{m()}</p>}</Show>
              <div class="prefs__add">
                <TextField label={tr("prefs.add_type")} name="new_type" placeholder={tr("prefs.add_type_placeholder")} value={newType()} onChange={setNewType} error={typeError()} />
                <Button data-testid="prefs-add-type" onClick={addType}>{tr("prefs.add_type")}</Button>
              </div>
            </div>
            <div>
              <Button type="submit" variant="primary" loading={saving()} data-testid="prefs-save">{tr("common.save")}</Button>
            </div>
          </form>
        )}
      </ResourceView>
    </section>
  );
}
