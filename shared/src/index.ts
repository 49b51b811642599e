export * from "./errors.ts";
export * from "./envelope.ts";
export * from "./actor.ts";
export * from "./mask.ts";
export * from "./permissions.ts";
export * from "./i18n/index.ts";
export * from "./chat/index.ts";
export type { AuditLog, LoginLog } from "./contracts/audit.ts";
export { RECIPIENT_CHANNELS, type RecipientChannel, type InboxNotification } from "./contracts/notify.ts";
