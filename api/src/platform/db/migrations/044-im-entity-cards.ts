import type { Migration } from "../migrate.ts";

/**
 * The card each entity was last refreshed to, numbered (notify/im/im-cards.ts). A copy posted while a refresh ran
 * (its message ref recorded just after the refresh listed the refs) is brought to that card when its ref is recorded;
 * the number lets the bot drop an update older than one it already applied to the same message. Rows are kept only
 * minutes (pruned as new entities are refreshed).
 */
export const m044ImEntityCards: Migration = {
  version: 44,
  name: "im-entity-cards",
  statements: () => [
    `CREATE TABLE im_entity_cards (
      entity_type TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      card TEXT NOT NULL,
      seq INTEGER NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (entity_type, entity_id)
    )`,
    "CREATE INDEX im_entity_cards_updated ON im_entity_cards (updated_at)",
  ],
};
