import { api, request, type Query } from "./client.ts";
import type { Page } from "./types.ts";
import { RECIPIENT_CHANNELS, type InboxNotification, type RecipientChannel } from "@ops/shared";

/** The signed-in user's inbox, channel preferences and this browser's push subscription. */
export type InboxItem = InboxNotification;

export { RECIPIENT_CHANNELS, type RecipientChannel };
export type OutboundChannel = Exclude<RecipientChannel, "inapp">;
export const CHANNEL_MODES = ["on", "fallback", "off"] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];
export type ChannelModes = Record<RecipientChannel, ChannelMode>;

export type TypePreference = {
  type: string;
  channels: ChannelModes;
  digest: boolean;
  overrides: { channels: Partial<ChannelModes>; digest: boolean | null };
};

export type Preferences = {
  order: OutboundChannel[];
  defaults: { channels: ChannelModes; digest: boolean };
  types: TypePreference[];
};

export type PreferencesInput = {
  order?: OutboundChannel[];
  defaults?: { channels?: Partial<ChannelModes>; digest?: boolean };
  types?: Array<{ type: string; channels?: Partial<ChannelModes>; digest?: boolean | null }>;
};

export type PushSubscriptionJson = { endpoint: string; keys: { p256dh: string; auth: string } };

export const notificationsApi = {
  list: (q: Query) => api.get<Page<InboxItem>>("/notifications", q),
  unreadCount: () => api.get<{ count: number }>("/notifications/unread-count"),
  markRead: (id: string) => api.post<InboxItem>(`/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => api.post<{ updated: number }>("/notifications/read-all"),
  preferences: () => api.get<Preferences>("/notifications/preferences"),
  savePreferences: (body: PreferencesInput) => api.put<Preferences>("/notifications/preferences", body),
  pushPublicKey: () => api.get<{ public_key: string }>("/notifications/push-public-key"),
  subscribePush: (sub: PushSubscriptionJson) => api.post<{ id: string }>("/notifications/push-subscriptions", sub),
  unsubscribePush: (endpoint: string) => request("DELETE", "/notifications/push-subscriptions", { query: { endpoint } }),
};
