/** A card job from the API ({kind, data}) → the neutral Card the adapters render. */
import { notificationCard, type Card } from "@ops/cards";
import type { Locale } from "@ops/shared";

/**
 * Notifications and digests are the only kinds the API sends today; a kind a later module adds
 * before its template exists still reaches the user, shown as a notification.
 */
export function cardOf(kind: string, data: Record<string, unknown>, locale: Locale): Card {
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return notificationCard({
    notificationId: str(data.notificationId),
    type: str(data.type) ?? kind,
    title: str(data.title) ?? kind,
    body: str(data.body),
    critical: data.critical === true,
    createdAt: str(data.createdAt),
    readAt: str(data.readAt) ?? null,
    link: str(data.link),
  }, locale);
}
