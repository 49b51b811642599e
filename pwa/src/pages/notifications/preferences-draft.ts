import { createStore, produce } from "solid-js/store";
import type { ChannelMode, ChannelModes, OutboundChannel, Preferences, PreferencesInput, RecipientChannel } from "../../data/notifications.ts";

/**
 * The settings being edited. Types the user did not touch are not sent back, so they keep
 * inheriting the defaults instead of freezing today's values as overrides.
 */
export type DraftType = { type: string; channels: ChannelModes; digest: boolean };
type Draft = { order: OutboundChannel[]; defaults: { channels: ChannelModes; digest: boolean }; types: DraftType[]; dirty: string[] };

export const TYPE_PATTERN = /^[a-z][a-z0-9_.:-]{0,99}$/;

export function createPreferencesDraft() {
  const [draft, setDraft] = createStore<Draft>({ order: [], defaults: { channels: {} as ChannelModes, digest: false }, types: [], dirty: [] });
  const touch = (type: string) => setDraft("dirty", (d) => (d.includes(type) ? d : [...d, type]));
  return {
    draft,
    load(p: Preferences) {
      setDraft({
        order: [...p.order],
        defaults: { channels: { ...p.defaults.channels }, digest: p.defaults.digest },
        types: p.types.map((t) => ({ type: t.type, channels: { ...t.channels }, digest: t.digest })),
        dirty: [],
      });
    },
    setOrder: (order: OutboundChannel[]) => setDraft("order", order),
    setDefaultChannel: (ch: RecipientChannel, mode: ChannelMode) => setDraft("defaults", "channels", ch, mode),
    setDefaultDigest: (digest: boolean) => setDraft("defaults", "digest", digest),
    setTypeChannel(type: string, ch: RecipientChannel, mode: ChannelMode) {
      setDraft("types", (t) => t.type === type, "channels", ch, mode);
      touch(type);
    },
    setTypeDigest(type: string, digest: boolean) {
      setDraft("types", (t) => t.type === type, "digest", digest);
      touch(type);
    },
    addType(type: string) {
      setDraft(produce((d) => {
        d.types.push({ type, channels: { ...d.defaults.channels }, digest: d.defaults.digest });
      }));
      touch(type);
    },
    body(): PreferencesInput {
      return {
        order: [...draft.order],
        defaults: { channels: { ...draft.defaults.channels }, digest: draft.defaults.digest },
        types: draft.types.filter((t) => draft.dirty.includes(t.type)).map((t) => ({ type: t.type, channels: { ...t.channels }, digest: t.digest })),
      };
    },
  };
}
