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

/**
 * The notification types the system sends, named in words through the shared i18n catalogue
 * (`notify.type.<code>`, shared/src/i18n/notify.messages.ts). A type outside this list still
 * works; the PWA then shows it as "other type".
 */
export const NOTIFICATION_TYPES = [
  "alert.fired", "approval.requested", "audit.weekly", "backup.failed", "config.change_decided", "config.change_requested", "config.released", "config.rolled_back", "deploy.finished", "feedback.created", "feedback.updated", "flow.failed", "flow.recovered", "flow.waiting",
  "job.consecutive_failures", "job.failed", "job.long_tail", "job.missed_start", "job.recovered", "job.succeeded", "job.timed_out", "ops.disk_alert", "report.daily", "ticket.assigned", "ticket.sla", "ticket.updated",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** The message key naming a notification type in words. */
export const notificationTypeKey = (type: string): string => `notify.type.${type}`;

/** Why a channel cannot reach the current user (message keys in shared i18n). */
export const CHANNEL_UNAVAILABLE_REASONS = [
  "notify.channel.email_unconfigured", "notify.channel.sms_unconfigured", "notify.channel.push_unconfigured",
  "notify.no_email_address", "notify.no_phone_number", "notify.no_push_subscription", "notify.no_im_binding",
] as const;
export type ChannelUnavailableReason = (typeof CHANNEL_UNAVAILABLE_REASONS)[number];

/**
 * Who can make a channel available and where: an administrator through server settings
 * (`env`, described in README "Notification center"), or the user on a page of the PWA (`href`).
 */
export type ChannelSetup = { audience: "admin"; env: string[] } | { audience: "user"; href: string };

/** GET /api/v1/notifications/channels: each channel for the signed-in user. */
export type ChannelAvailability = {
  channel: RecipientChannel;
  available: boolean;
  reason: ChannelUnavailableReason | null;
  /** `reason` in the caller's language. */
  message: string | null;
  setup: ChannelSetup | null;
};
