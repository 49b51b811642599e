import type { Db } from "../../../platform/db/db.ts";
import {
  DEFAULT_MODES, DEFAULT_ORDER, OUTBOUND_CHANNELS,
  type ChannelModes, type OutboundChannel, type PreferencesInput,
} from "../notify.schema.ts";

/**
 * Per-user, per-type channel preferences. Row `*` holds the user's defaults and their channel
 * order; a type's row overrides some channels and/or the digest flag. Missing rows mean the
 * built-in defaults, so most users never have a row at all.
 */
export type Effective = { order: OutboundChannel[]; channels: ChannelModes; digest: boolean };

export type TypePreference = { type: string; channels: ChannelModes; digest: boolean; overrides: { channels: Partial<ChannelModes>; digest: boolean | null } };

export type Preferences = {
  order: OutboundChannel[];
  defaults: { channels: ChannelModes; digest: boolean };
  types: TypePreference[];
};

type PrefRow = { type: string; channels: string; digest: number | null; channel_order: string | null };

const DEFAULTS_KEY = "*";

export async function loadPreferences(db: Db, userId: string): Promise<Preferences> {
  const rows = await db.all<PrefRow>("SELECT type, channels, digest, channel_order FROM notify_preferences WHERE user_id = ? ORDER BY type", [userId]);
  const base = rows.find((r) => r.type === DEFAULTS_KEY);
  const defaults = {
    channels: { ...DEFAULT_MODES, ...parseModes(base?.channels) },
    digest: base?.digest == null ? false : Number(base.digest) === 1,
  };
  const order = completeOrder(base?.channel_order ? (JSON.parse(base.channel_order) as OutboundChannel[]) : DEFAULT_ORDER);
  const types = rows.filter((r) => r.type !== DEFAULTS_KEY).map((r): TypePreference => {
    const overrides = { channels: parseModes(r.channels), digest: r.digest == null ? null : Number(r.digest) === 1 };
    return { type: r.type, channels: { ...defaults.channels, ...overrides.channels }, digest: overrides.digest ?? defaults.digest, overrides };
  });
  return { order, defaults, types };
}

export async function effectivePreferences(db: Db, userId: string, type: string): Promise<Effective> {
  const prefs = await loadPreferences(db, userId);
  const own = prefs.types.find((t) => t.type === type);
  return { order: prefs.order, channels: own?.channels ?? prefs.defaults.channels, digest: own?.digest ?? prefs.defaults.digest };
}

export async function savePreferences(db: Db, userId: string, input: PreferencesInput, now: string): Promise<void> {
  const current = await loadPreferences(db, userId);
  await db.tx(async () => {
    if (input.order || input.defaults) {
      const base = await db.get<PrefRow>("SELECT type, channels, digest, channel_order FROM notify_preferences WHERE user_id = ? AND type = ?", [userId, DEFAULTS_KEY]);
      const channels = { ...parseModes(base?.channels), ...input.defaults?.channels };
      const digest = input.defaults?.digest ?? (base?.digest == null ? null : Number(base.digest));
      const order = input.order ? completeOrder(input.order) : current.order;
      await upsert(db, { userId, type: DEFAULTS_KEY, channels, digest, order, now });
    }
    for (const t of input.types ?? []) {
      const existing = current.types.find((x) => x.type === t.type)?.overrides;
      const channels = { ...existing?.channels, ...t.channels };
      const digest = t.digest === undefined ? existing?.digest ?? null : t.digest;
      await upsert(db, { userId, type: t.type, channels, digest, order: null, now });
    }
  });
}

async function upsert(
  db: Db,
  p: { userId: string; type: string; channels: Partial<ChannelModes>; digest: boolean | number | null; order: OutboundChannel[] | null; now: string },
): Promise<void> {
  const digest = p.digest === null ? null : p.digest === true || p.digest === 1 ? 1 : 0;
  await db.run(
    `INSERT INTO notify_preferences (user_id, type, channels, digest, channel_order, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (user_id, type) DO UPDATE SET channels = excluded.channels, digest = excluded.digest,
        channel_order = excluded.channel_order, updated_at = excluded.updated_at`,
    [p.userId, p.type, JSON.stringify(p.channels), digest, p.order ? JSON.stringify(p.order) : null, p.now],
  );
}

/** The channels one notification goes out on now. Critical ones use every channel and skip digests. */
export function planChannels(eff: Effective, critical: boolean): { inapp: boolean; outbound: OutboundChannel[] } {
  if (critical) return { inapp: true, outbound: [...eff.order] };
  return { inapp: eff.channels.inapp !== "off", outbound: eff.order.filter((c) => eff.channels[c] === "on") };
}

/**
 * The channel to try after `failed` gave up: the next in the user's order (wrapping round) that
 * this notification has not used yet and that the user has not switched off (critical: any).
 */
export function nextChannel(eff: Effective, critical: boolean, failed: OutboundChannel, used: ReadonlySet<string>): OutboundChannel | null {
  const start = eff.order.indexOf(failed);
  for (let i = 1; i <= eff.order.length; i++) {
    const candidate = eff.order[(start + i) % eff.order.length]!;
    if (used.has(candidate)) continue;
    if (critical || eff.channels[candidate] !== "off") return candidate;
  }
  return null;
}

/** An order names every channel once: ones the user left out keep their default place at the end. */
function completeOrder(order: OutboundChannel[]): OutboundChannel[] {
  const known = order.filter((c, i) => OUTBOUND_CHANNELS.includes(c) && order.indexOf(c) === i);
  return [...known, ...DEFAULT_ORDER.filter((c) => !known.includes(c))];
}

function parseModes(json: string | undefined | null): Partial<ChannelModes> {
  if (!json) return {};
  try {
    return JSON.parse(json) as Partial<ChannelModes>;
  } catch {
    return {};
  }
}
