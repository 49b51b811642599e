/** Notification API shapes, shared by the API (which sends them) and the PWA (which shows them). */
export const RECIPIENT_CHANNELS = ["inapp", "im", "push", "email", "sms"] as const;
export type RecipientChannel = (typeof RECIPIENT_CHANNELS)[number];

/** One inbox row, as listed and as pushed live over the stream. */
export type InboxNotification = {
  id: string;
  type: string;
  title: string;
  body: string;
  data: unknown;
  critical: boolean;
  read: boolean;
  read_at: string | null;
  created_at: string;
};
