import { iso, type Clock } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { QueueDriver } from "../../../platform/queue/index.ts";
import { IM_QUEUE } from "../notify.deps.ts";
import { createCardOrder } from "./card-order.ts";
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
  /**
   * The entity's refresh number: the bot applies an update to a message only when it is newer than the last one it
   * applied there (a late catch-up and a refresh may be worked on at once). Absent: always applied.
   */
  seq?: number;
  /** the entity the number counts for: the bot orders updates across its processes through the API (card-order.ts) */
  entityType?: string | null;
  entityId?: string | null;
};

/**
 * How long a refreshed card is kept for copies recorded after the refresh: longer than a post's retries take
 * (a copy whose card was computed before a decision but recorded after the decision's refresh listed the refs).
 */
export const ENTITY_CARD_KEEP_MS = 15 * 60_000;

export const CARD_UPDATE_JOB = "card.update";
export const CHAT_POST_JOB = "chat.post";

/**
 * A card posted to a chat group (an alert to an on-call channel): the bot posts it with the platform's group send
 * (Slack chat.postMessage to the channel, Feishu im/v1/messages with receive_id_type=chat_id, DingTalk
 * groupMessages/send to the openConversationId) and records the message ref against `entity`, so `refresh` updates
 * it in place like every other copy.
 */
export type ChatPostJob = {
  platform: ImMessageInput["platform"];
  chatId: string;
  locale: string;
  card: { kind: string; data: Record<string, unknown> };
  entity: { type: string; id: string } | null;
};

/**
 * Message refs and in-place updates: the bot records every card it posts; when the entity a card
 * shows changes, `refresh` asks the bot (through the IM queue) to re-render every copy, on every
 * platform where it was sent. Other modules call `refresh` through notify's index.
 */
export function createImCards(deps: { db: Db; clock: Clock; queue: QueueDriver }) {
  const { db, clock, queue } = deps;
  const order = createCardOrder({ db, clock });

  function enqueueUpdate(ref: ImMessage, card: ImCardUpdateJob["card"], seq: number) {
    const job: ImCardUpdateJob = { refId: ref.id, platform: ref.platform, chatId: ref.chat_id, messageId: ref.message_id, locale: ref.locale, card, userId: ref.user_id, seq, entityType: ref.entity_type, entityId: ref.entity_id };
    return queue.enqueue(IM_QUEUE, CARD_UPDATE_JOB, job, { attempts: 3, backoff: { type: "exponential", delayMs: 2_000 } });
  }

  /** Keeps the entity's latest card and returns its number; a new entity's first refresh prunes the expired. */
  async function keep(entityType: string, entityId: string, card: ImCardUpdateJob["card"]): Promise<number> {
    const now = clock.now();
    const [row] = await db.all<{ seq: number | string }>(
      `INSERT INTO im_entity_cards (entity_type, entity_id, card, seq, updated_at) VALUES (?, ?, ?, 1, ?)
       ON CONFLICT (entity_type, entity_id) DO UPDATE SET card = excluded.card, seq = im_entity_cards.seq + 1, updated_at = excluded.updated_at
       RETURNING seq`,
      [entityType, entityId, JSON.stringify(card), iso(now)],
    );
    const seq = Number(row!.seq);
    if (seq === 1) {
      await db.run("DELETE FROM im_entity_cards WHERE updated_at < ?", [iso(new Date(now.getTime() - ENTITY_CARD_KEEP_MS))]);
      await order.prune(ENTITY_CARD_KEEP_MS);
    }
    return seq;
  }

  /** A copy recorded after a recent refresh of its entity may show the state before it: queue that card for it. */
  async function catchUp(ref: ImMessage) {
    if (!ref.entity_type || !ref.entity_id) return;
    const latest = await db.get<{ card: string; seq: number | string }>(
      "SELECT card, seq FROM im_entity_cards WHERE entity_type = ? AND entity_id = ? AND updated_at >= ?",
      [ref.entity_type, ref.entity_id, iso(new Date(clock.now().getTime() - ENTITY_CARD_KEEP_MS))],
    );
    if (latest) await enqueueUpdate(ref, JSON.parse(latest.card) as ImCardUpdateJob["card"], Number(latest.seq));
  }

  return {
    /** Claims and finishes of numbered updates, so several bot worker processes apply them in order. */
    order,
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
      const recorded: ImMessage = { id: saved!.id, ...row, created_at: saved!.created_at, updated_at: now };
      await catchUp(recorded);
      return recorded;
    },
    list(entityType: string, entityId: string): Promise<ImMessage[]> {
      return db.all<ImMessage>("SELECT * FROM im_messages WHERE entity_type = ? AND entity_id = ? ORDER BY created_at, id", [entityType, entityId]);
    },
    /**
     * Queues an in-place update of every posted copy of this entity's cards; returns how many. The card is kept
     * first (numbered), so a copy whose ref is recorded after this lists the refs is brought to it by `record`.
     */
    async refresh(entityType: string, entityId: string, card: ImCardUpdateJob["card"]): Promise<number> {
      const seq = await keep(entityType, entityId, card);
      const refs = await this.list(entityType, entityId);
      for (const ref of refs) await enqueueUpdate(ref, card, seq);
      return refs.length;
    },
    /** Queues a card for a chat group (the bot's worker posts it); `key` makes a retried call post once. */
    async postToChat(input: ChatPostJob, key: string): Promise<void> {
      await queue.enqueue(IM_QUEUE, CHAT_POST_JOB, input, { idempotencyKey: `chat-post:${key}`, attempts: 3, backoff: { type: "exponential", delayMs: 2_000 } });
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
