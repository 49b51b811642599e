import type { Migration } from "../migrate.ts";

/**
 * What the scheduler role's sweep for notifications whose enqueue was lost reads every 15 s
 * (modules/notify/dispatch/stranded.ts): queued deliveries by age, and digest items not flushed yet by age. Without these
 * each pass read every delivery and every digest item ever kept.
 */
export const m059NotifyStrandedIndexes: Migration = {
  version: 59,
  name: "notify-stranded-indexes",
  statements: () => [
    "CREATE INDEX notify_deliveries_status_created ON notify_deliveries(status, created_at)",
    "CREATE INDEX notify_digest_items_unflushed ON notify_digest_items(digest_event_id, created_at)",
  ],
};
