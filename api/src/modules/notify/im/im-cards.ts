import { iso, type Clock } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { QueueDriver } from "../../../platform/queue/index.ts";
import { IM_QUEUE } from "../notify.deps.ts";
import type { LiveNotification } from "../inbox/index.ts";

/** A card the bot posted (message ref), as the bot reports it. */
export type ImMessageInput = {
  platform: "slack" | "feishu" | "dingtalk";
  chat_id: string;
  message_id: string;
  card_kind: string;
  entity_type?: string | null;
  entity_id?: string | null;
  user_id?: string | null;
  locale?: "zh-CN" | "en";
};

export type ImMessage = Required<ImMessageInput> & { id: string; created_at: string; updated_at: string };

/** What the bot's worker reads to update one posted card in place. */
export type ImCardUpdateJob = {
  refId: string;
  platform: ImMessageInput["platform"];
  chatId: string;
  messageId: string;
  locale: string;
  card: { kind: string; data: Record<string, unknown> };
  /** whom the copy was posted for: cards that differ by reader (an approval's buttons) render for them */
  userId: string | null;
};

export const CARD_UPDATE_JOB = "card.update";

/**
 * Message refs and in-place updates: the bot records every card it posts; when the entity a card
 * shows changes, `refresh` asks the bot (through the IM queue) to re-render every copy, on every
 * platform where it was sent. Other modules call `refresh` through notify's index.
 */
export function createImCards(deps: { db: Db; clock: Clock; queue: QueueDriver }) {
  const { db, clock, queue } = deps;
  return {
    /** One statement: a message reused for another card (an update that changes what it shows) is re-recorded. */
    async record(input: ImMessageInput): Promise<ImMessage> {
      const now = iso(clock.now());
      const row = {
        platform: input.platform, chat_id: input.chat_id, message_id: input.message_id, card_kind: input.card_kind,
        entity_type: input.entity_type ?? null, entity_id: input.entity_id ?? null, user_id: input.user_id ?? null,
        locale: input.locale ?? "zh-CN",
      };
      const [saved] = await db.all<{ id: string; created_at: string }>(
        `INSERT INTO im_messages (id, platform, chat_id, message_id, card_kind, entity_type, entity_id, user_id, locale, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, chat_id, message_id) DO UPDATE SET card_kind = excluded.card_kind, entity_type = excluded.entity_type,
           entity_id = excluded.entity_id, user_id = excluded.user_id, locale = excluded.locale, updated_at = excluded.updated_at
         RETURNING id, created_at`,
        [newId(), row.platform, row.chat_id, row.message_id, row.card_kind, row.entity_type, row.entity_id, row.user_id, row.locale, now, now],
      );
      return { id: saved!.id, ...row, created_at: saved!.created_at, updated_at: now };
    },
    list(entityType: string, entityId: string): Promise<ImMessage[]> {
      return db.all<ImMessage>("SELECT * FROM im_messages WHERE entity_type = ? AND entity_id = ? ORDER BY created_at, id", [entityType, entityId]);
    },
    /** Queues an in-place update of every posted copy of this entity's cards; returns how many. */
    async refresh(entityType: string, entityId: string, card: ImCardUpdateJob["card"]): Promise<number> {
      const refs = await this.list(entityType, entityId);
      for (const ref of refs) {
        const job: ImCardUpdateJob = { refId: ref.id, platform: ref.platform, chatId: ref.chat_id, messageId: ref.message_id, locale: ref.locale, card, userId: ref.user_id };
        await queue.enqueue(IM_QUEUE, CARD_UPDATE_JOB, job, { attempts: 3, backoff: { type: "exponential", delayMs: 2_000 } });
      }
      return refs.length;
    },
    /** Notifications of this user, unread now, that have cards in chat (to refresh after "mark all read"). */
    async unreadWithCards(userId: string): Promise<string[]> {
      const rows = await db.all<{ id: string }>(
        `SELECT DISTINCT n.id FROM im_messages m JOIN notifications n ON n.id = m.entity_id
         WHERE m.entity_type = 'notification' AND n.user_id = ? AND n.read_at IS NULL`,
        [userId],
      );
      return rows.map((r) => r.id);
    },
  };
}

export type ImCards = ReturnType<typeof createImCards>;

/** The data of a notification card (cards' notificationCard) for an inbox row. */
export function notificationCardData(n: LiveNotification): ImCardUpdateJob["card"] {
  const data = (n.data && typeof n.data === "object" ? n.data : {}) as Record<string, unknown>;
  return {
    kind: "notification",
    data: {
      notificationId: n.id, type: n.type, title: n.title, body: n.body, critical: n.critical, createdAt: n.created_at, readAt: n.read_at,
      ...(typeof data.link === "string" ? { link: data.link } : {}),
    },
  };
}
