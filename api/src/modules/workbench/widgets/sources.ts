import type { Actor, AuditLog, InboxNotification, Locale, Page, UserActor } from "@ops/shared";
import type { Feedback } from "@ops/shared/contracts/feedback.ts";
import type { ChannelAvailability } from "@ops/shared/contracts/notify.ts";

/**
 * What the built-in widgets read, described by shape only: the composition root passes the
 * notification inbox, the audit service and IAM's attention queries, so this module imports none of them.
 */
export type InboxSource = {
  unreadCount(userId: string): Promise<number>;
  list(userId: string, q: { page: number; page_size: number; unread?: "true" | "false" }): Promise<Page<InboxNotification>>;
};

export type AuditSource = {
  listLogs(actor: Actor, q: { page: number; page_size: number; actor?: string; sort?: string }, locale: Locale): Promise<Page<AuditLog>>;
};

export type AttentionUser = {
  id: string;
  username: string;
  display_name: string;
  at: string | null;
  must_change_password: boolean;
  never_signed_in: boolean;
};

export type AttentionSource = {
  lockedUsers(actor: UserActor, limit?: number): Promise<{ total: number; items: AttentionUser[] }>;
  pendingUsers(actor: UserActor, limit?: number): Promise<{ total: number; items: AttentionUser[] }>;
  securityOf(actor: UserActor): Promise<{ mfa_enabled: boolean; password_expires_at: string | null; other_sessions: number }>;
};

export type ChannelsSource = {
  availability(userId: string, locale: Locale): Promise<ChannelAvailability[]>;
};

/** A chat platform the server has credentials for (the bot starts its adapter). */
export type ChatPlatform = "slack" | "feishu" | "dingtalk";

export type FeedbackSource = {
  /** open feedback the handler may act on, assigned to them first, with the total */
  openQueue(actor: UserActor, limit: number): Promise<{ total: number; items: Feedback[] }>;
};

export type CoreWidgetSources = {
  inbox: InboxSource;
  channels: ChannelsSource;
  audit: AuditSource;
  attention: AttentionSource;
  feedback: FeedbackSource;
  /** chat platforms configured on this server: binding a chat account is a step only when there is one (a function: read per load, e.g. env plus the system-im records) */
  chatPlatforms: readonly ChatPlatform[] | (() => Promise<readonly ChatPlatform[]>);
};
