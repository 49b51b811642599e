import { For, type JSX } from "solid-js";
import { CHANNEL_MODES, RECIPIENT_CHANNELS, type ChannelMode, type ChannelModes, type RecipientChannel } from "../../data/notifications.ts";
import { tr } from "../../providers/i18n.ts";
import { Checkbox } from "../../ui/checkbox.tsx";
import { Select } from "../../ui/select.tsx";

/** One type's (or the defaults') mode per channel plus its digest flag. */
export function ChannelRow(props: {
  name: string;
  label: string;
  channels: ChannelModes;
  digest: boolean;
  onChannel: (channel: RecipientChannel, mode: ChannelMode) => void;
  onDigest: (digest: boolean) => void;
}): JSX.Element {
  const modes = () => CHANNEL_MODES.map((m) => ({ value: m, label: tr(`prefs.mode_${m}`) }));
  return (
    <div class="prefs__type" data-testid="pref-row" data-type={props.name}>
      <div class="prefs__type-name">{props.label}</div>
      <div class="prefs__grid">
        <For each={RECIPIENT_CHANNELS}>
          {(ch) => (
            <Select
              label={tr(`prefs.channel_${ch}`)}
              name={`${props.name}.${ch}`}
              options={modes()}
              value={props.channels[ch]}
              onChange={(v) => props.onChannel(ch, v as ChannelMode)}
            />
          )}
        </For>
        <Checkbox label={tr("prefs.digest")} value={`${props.name}.digest`} checked={props.digest} onChange={props.onDigest} />
      </div>
    </div>
  );
}
