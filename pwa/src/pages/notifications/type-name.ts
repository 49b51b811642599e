import { hasMessage, t } from "@ops/shared/i18n/index.ts";
import { NOTIFICATION_TYPES, notificationTypeKey } from "@ops/shared/contracts/notify.ts";
import { locale } from "../../providers/i18n.ts";

export { NOTIFICATION_TYPES };

/** Whether the shared catalogue names this notification type. */
export const isKnownType = (type: string): boolean => hasMessage(notificationTypeKey(type));

/** A notification type in words (shared catalogue); one outside it is "other type". */
export function typeName(type: string): string {
  return t(locale(), isKnownType(type) ? notificationTypeKey(type) : "notify.type.other");
}
