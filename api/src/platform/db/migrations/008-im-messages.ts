import type { Migration } from "../migrate.ts";

/**
 * Cards the bot posted in chat (message refs): where each lives on its platform and what it shows
 * (card kind + entity), so a later change of that entity updates every copy in place.
 */
export const m008ImMessages: Migration = {
  version: 8,
  name: "im-messages",
  statements: () => [
    `CREATE TABLE im_messages (
      id TEXT PRIMARY KEY,
      platform TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      message_id TEXT NOT NULL,
      card_kind TEXT NOT NULL,
      entity_type TEXT,
      entity_id TEXT,
      user_id TEXT,
      locale TEXT NOT NULL DEFAULT 'zh-CN',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE UNIQUE INDEX im_messages_ref ON im_messages (platform, chat_id, message_id)",
    "CREATE INDEX im_messages_entity ON im_messages (entity_type, entity_id)",
  ],
};
