import type { Migration } from "../migrate.ts";

/**
 * The order of in-place card updates of one posted message across the bot's worker processes (notify/im/card-order.ts):
 * the highest refresh number claimed and the highest applied there, and a count of finished platform calls, which
 * tells a worker whether another call on the same message ended while its own was in flight (then its own may have
 * landed last with an older card, and it re-applies the entity's newest). Rows live as long as im_entity_cards' rows.
 */
export const m056ImCardOrder: Migration = {
  version: 56,
  name: "im-card-order",
  statements: () => [
    `CREATE TABLE im_card_order (
      platform TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      message_id TEXT NOT NULL,
      entity_type TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      claimed_seq INTEGER NOT NULL,
      applied_seq INTEGER,
      ends INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (platform, chat_id, message_id)
    )`,
    "CREATE INDEX im_card_order_updated ON im_card_order (updated_at)",
  ],
};
