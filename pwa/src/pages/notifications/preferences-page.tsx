import { A } from "@solidjs/router";
import { createMemo, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { notificationsApi } from "../../data/notifications.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { Select } from "../../ui/select.tsx";
import { ChannelOrder } from "./channel-order.tsx";
import { ChannelRow } from "./channel-row.tsx";
import { ChannelStatus, loadChannels, onThisDevice } from "./channel-status.tsx";
import { createPreferencesDraft } from "./preferences-draft.ts";
import type { PushState } from "./push.ts";
import { PushToggle } from "./push-toggle.tsx";
import { isKnownType, NOTIFICATION_TYPES, typeName } from "./type-name.ts";
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
  // Which channels reach me (server), refined by this browser's push state (the toggle reports it).
  const [channels, channelsResource] = createResource(loadChannels);
  const [pushState, setPushState] = createSignal<PushState>("checking");
  const availability = createMemo(() => onThisDevice(channels() ?? [], pushState()));
  const byChannel = createMemo(() => Object.fromEntries(availability().map((a) => [a.channel, a])));
  const onPushState = (s: PushState) => {
    // A subscription made or dropped here changes the server's answer for push.
    if (pushState() !== "checking" && s !== pushState()) void channelsResource.refetch();
    setPushState(s);
  };
  const [newType, setNewType] = createSignal("");
  const [typeError, setTypeError] = createSignal("");
  const [saving, setSaving] = createSignal(false);
  const addable = () => NOTIFICATION_TYPES.filter((type) => !d.draft.types.some((t) => t.type === type))
    .map((type) => ({ value: type, label: typeName(type) }));

  const addType = () => {
    const type = newType();
    if (!type) return setTypeError(tr("prefs.add_type_choose"));
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
      <PushToggle onState={onPushState} />
      <Show when={availability().length > 0}><ChannelStatus channels={availability()} /></Show>
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
              <ChannelRow name="*" label={tr("prefs.defaults")} availability={byChannel()} channels={d.draft.defaults.channels} digest={d.draft.defaults.digest} onChannel={d.setDefaultChannel} onDigest={d.setDefaultDigest} />
              <Show when={errors.of("defaults")}>{(m) => <p class="prefs__error">{m()}</p>}</Show>
              <For each={d.draft.types}>
                {(t) => (
                  <ChannelRow name={t.type} label={typeName(t.type)} code={isKnownType(t.type) ? undefined : t.type} availability={byChannel()} channels={t.channels} digest={t.digest}
                    onChannel={(ch, mode) => d.setTypeChannel(t.type, ch, mode)} onDigest={(v) => d.setTypeDigest(t.type, v)} />
                )}
              </For>
              <Show when={errors.of("types")}>{(m) => <p class="prefs__error" data-testid="prefs-error-types">{m()}</p>}</Show>
              <div class="prefs__add">
                <Select label={tr("prefs.add_type")} name="new_type" placeholder={tr("prefs.add_type_choose")} options={addable()} value={newType()} onChange={setNewType} error={typeError()} />
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
