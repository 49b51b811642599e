import { For, Show, type JSX } from "solid-js";
import { CHANNEL_MODES, RECIPIENT_CHANNELS, type ChannelMode, type ChannelModes, type RecipientChannel } from "../../data/notifications.ts";
import { tr } from "../../providers/i18n.ts";
import { Checkbox } from "../../ui/checkbox.tsx";
import { Select } from "../../ui/select.tsx";
import { setupHref, type Availability } from "./channel-status.tsx";

/**
 * One type's (or the defaults') mode per channel plus its digest flag. A channel that cannot reach
 * the user shows as unavailable with a link to its setup instead of a mode (the saved mode is kept).
 */
export function ChannelRow(props: {
  name: string;
  label: string;
  /** The type's code when the catalogue has no name for it. */
  code?: string;
  channels: ChannelModes;
  digest: boolean;
  availability: Partial<Record<RecipientChannel, Availability>>;
  onChannel: (channel: RecipientChannel, mode: ChannelMode) => void;
  onDigest: (digest: boolean) => void;
}): JSX.Element {
  const modes = () => CHANNEL_MODES.map((m) => ({ value: m, label: tr(`prefs.mode_${m}`) }));
  return (
    <div class="prefs__type" data-testid="pref-row" data-type={props.name}>
      <div class="prefs__type-name" data-testid="pref-type-name">
        {props.label}
        <Show when={props.code}>{(c) => <span class="prefs__type-code">{c()}</span>}</Show>
      </div>
      <div class="prefs__grid">
        <For each={RECIPIENT_CHANNELS}>
          {(ch) => (
            <Show
              when={props.availability[ch]?.available === false ? props.availability[ch] : undefined}
              fallback={
                <Select
                  label={tr(`prefs.channel_${ch}`)}
                  name={`${props.name}.${ch}`}
                  options={modes()}
                  value={props.channels[ch]}
                  onChange={(v) => props.onChannel(ch, v as ChannelMode)}
                />
              }
            >
              {(a) => (
                <div class="prefs__unavailable" data-testid="pref-unavailable" data-channel={ch}>
                  <span class="prefs__unavailable-label">{tr(`prefs.channel_${ch}`)}</span>
                  <span class="badge badge--warn" title={a().message ?? ""}>{tr("prefs.unavailable")}</span>
                  <Show when={a().setup}>
                    {(s) => <a href={setupHref(ch, s())} data-testid="pref-setup">{tr(s().audience === "admin" ? "prefs.setup_admin" : `prefs.setup_${ch}`)}</a>}
                  </Show>
                </div>
              )}
            </Show>
          )}
        </For>
        <Checkbox label={tr("prefs.digest")} value={`${props.name}.digest`} checked={props.digest} onChange={props.onDigest} />
      </div>
    </div>
  );
}
