/**
 * The bot's outbound worker (queue im-delivery): posting answers, updating cards in place, and the
 * notification center's IM cards. Answers are computed once by the inbound worker and posted here,
 * so a chat platform's hiccup retries the post, never the command behind it.
 */
import { isAppError, type Locale } from "@ops/shared";
import { bindSentCard, type Card } from "@ops/cards";
import { data, type ApiClient, type ChatCaller } from "./api-client.ts";
import { localeOf, type Answer } from "./answer.ts";
import { cardOf } from "./card-of.ts";
import { createCardOrderClient } from "./card-order.ts";
import { currentCard } from "./live-cards.ts";
import type { BotLogger, ChatAdapter, ChatPlatform, MessageRef, ReplyTarget } from "./port.ts";
import type { BotJob } from "./queue-port.ts";

type CardJob = { kind: string; data: Record<string, unknown> };
/** Reads of a live card after posting it, until it stops changing (each is one GET as the caller). */
const CATCH_UP_READS = 3;
/**
 * Answers to one command or click, posted in order as new messages. `recordAs`: the chat caller
 * whose command caused them, so recording the message refs is audited as part of that command.
 */
export type ReplyJob = { target: ReplyTarget; answers: Answer[]; locale: Locale; recordAs?: ChatCaller };
/** The card a click was on, replaced in place. */
export type UpdateJob = { ref: MessageRef; answer: Answer; locale: Locale; recordAs?: ChatCaller };
type NotifyCardJob = { deliveryId: string; platform: ChatPlatform; externalUserId: string; userId: string; locale: string; card: CardJob };
/** `userId`: whom the posted copy was for (cards that differ by reader, e.g. an approval's buttons). */
type CardUpdateJob = {
  platform: ChatPlatform; chatId: string; messageId: string; locale: string; card: CardJob; userId?: string | null;
  /** the entity's refresh number and the entity it counts for: numbered updates are ordered across processes */
  seq?: number; entityType?: string | null; entityId?: string | null;
};
/** A card for a chat group (notify's postToChat), recorded against `entity` so the entity's refreshes reach it. */
type ChatPostJob = { platform: ChatPlatform; chatId: string; locale: string; card: CardJob; entity: { type: string; id: string } | null };
/** Messages whose last applied refresh number is remembered (the oldest are forgotten first). */
const APPLIED_KEEP = 10_000;

export type DeliveryDeps = { api: ApiClient; adapterOf: (platform: ChatPlatform) => ChatAdapter; logger: BotLogger };

export function createDelivery(deps: DeliveryDeps) {
  const { api, adapterOf, logger } = deps;

  /** Where a card went, so later changes update it in place. Best effort: the card is out either way. */
  async function record(ref: MessageRef, answer: Pick<Answer, "kind" | "entity" | "userId">, locale: Locale, as?: ChatCaller) {
    try {
      await data(api.as(as ?? { kind: "bot" }).api.v1.im.messages.$post({
        json: {
          platform: ref.platform, chat_id: ref.chatId || "-", message_id: ref.messageId, card_kind: answer.kind,
          entity_type: answer.entity?.type ?? null, entity_id: answer.entity?.id ?? null, user_id: answer.userId ?? null, locale,
        },
      }));
    } catch (e) {
      logger.warn("message ref not recorded", { err: e, platform: ref.platform, message_id: ref.messageId });
    }
  }

  async function reply(p: ReplyJob) {
    const adapter = adapterOf(p.target.platform);
    for (const answer of p.answers) {
      if (answer.ephemeral) {
        await adapter.replyPrivately(p.target, answer.card);
        continue;
      }
      if (answer.private && p.target.conversation !== "direct") {
        // A credential never goes where others read: to the user alone, and the group hears where it went.
        await adapter.replyPrivately(p.target, answer.card);
        const notice = await adapter.reply(p.target, bindSentCard({ platform: p.target.platform }, p.locale));
        if (notice) await record(notice, { kind: "bind.sent" }, p.locale, p.recordAs);
        continue;
      }
      const ref = await adapter.reply(p.target, answer.card);
      if (!ref) continue;
      await record(ref, answer, p.locale, p.recordAs);
      await catchUp(adapter, ref, answer, p);
    }
  }

  /**
   * A live card that moved on while it was being posted is brought up to date (see live-cards.ts);
   * best effort. Read again after each write: a refresh of a newer state may have landed just before
   * it, and the state it carried was committed before that refresh, so the next read sees it.
   */
  async function catchUp(adapter: ChatAdapter, ref: MessageRef, answer: Answer, p: ReplyJob) {
    try {
      let shown = answer;
      for (let i = 0; i < CATCH_UP_READS; i++) {
        const now = await currentCard(api, p.recordAs, shown, p.locale);
        if (!now) return;
        await adapter.update(ref, now);
        shown = { ...shown, card: now };
      }
    } catch (e) {
      logger.warn("live card catch-up failed", { err: e, platform: ref.platform, message_id: ref.messageId });
    }
  }

  async function update(p: UpdateJob) {
    await adapterOf(p.ref.platform).update(p.ref, p.answer.card);
    await record(p.ref, p.answer, p.locale, p.recordAs);
  }

  async function notifyCard(job: BotJob, p: NotifyCardJob) {
    const locale = localeOf(p.locale);
    const card: Card = cardOf(p.card.kind, p.card.data, locale, p.userId);
    let ref: MessageRef;
    try {
      ref = await adapterOf(p.platform).sendToUser(p.externalUserId, card);
    } catch (error) {
      // The notification center logs the attempt and, after the last one, fails over to the next channel.
      const final = job.attempt >= job.maxAttempts || (isAppError(error) && !error.retryable);
      await reportImResult(p.deliveryId, { ok: false, attempt: job.attempt, final, error: errorText(error) });
      throw error;
    }
    await record(ref, { kind: p.card.kind, userId: p.userId, ...cardEntity(p.card) }, locale);
  }

  async function chatPost(p: ChatPostJob) {
    const locale = localeOf(p.locale);
    const ref = await adapterOf(p.platform).sendToChat(p.chatId, cardOf(p.card.kind, p.card.data, locale));
    await record(ref, { kind: p.card.kind, ...(p.entity ? { entity: p.entity } : cardEntity(p.card)) }, locale);
  }

  /**
   * An entity's refresh of one posted copy. A late catch-up (queued when the copy's ref was recorded) and a newer
   * refresh may be worked on at once, here or in another worker process, and the newer card must stay. Updates of
   * the same message run one at a time in this process (so its own calls never overlap); numbered ones are claimed
   * and finished through the API, which drops the stale and has a call that raced another re-apply the newest
   * (card-order.ts).
   */
  const applied = new Map<string, number>();
  const running = new Map<string, Promise<unknown>>();
  const applyInOrder = createCardOrderClient(api, logger);
  function cardUpdate(job: BotJob, p: CardUpdateJob): Promise<unknown> {
    const key = `${p.platform}\u0000${p.chatId}\u0000${p.messageId}`;
    const run = async () => {
      const ref = { platform: p.platform, chatId: p.chatId, messageId: p.messageId };
      const apply = (c: CardJob) => adapterOf(p.platform).update(ref, cardOf(c.kind, c.data, localeOf(p.locale), p.userId ?? undefined));
      if (p.seq === undefined) return apply(p.card);
      // The API orders an update that names its entity; it also knows when the entity's numbering started over
      // (its card not kept for 15 minutes), which a number remembered here cannot tell.
      if (p.entityType && p.entityId) {
        return applyInOrder({ ...ref, entityType: p.entityType, entityId: p.entityId, seq: p.seq, card: p.card }, apply, job.attempt >= job.maxAttempts);
      }
      // a job queued by a release that did not name the entity is ordered in this process only
      const last = applied.get(key);
      if (last !== undefined && p.seq <= last) return;
      await apply(p.card);
      applied.delete(key);
      applied.set(key, p.seq);
      if (applied.size > APPLIED_KEEP) applied.delete(applied.keys().next().value!);
    };
    const next = (running.get(key) ?? Promise.resolve()).catch(() => {}).then(run);
    running.set(key, next);
    void next.catch(() => {}).finally(() => { if (running.get(key) === next) running.delete(key); });
    return next;
  }

  async function reportImResult(deliveryId: string, result: { ok: boolean; attempt: number; final: boolean; error?: string }) {
    try {
      await data(api.as({ kind: "bot" }).api.v1.im.deliveries[":id"].result.$post({ param: { id: deliveryId }, json: result }));
    } catch (e) {
      logger.warn("IM delivery result not recorded", { err: e, delivery_id: deliveryId });
    }
  }

  return async function handle(job: BotJob): Promise<unknown> {
    switch (job.name) {
      case "chat.reply":
        return reply(job.payload as ReplyJob);
      case "chat.update":
        return update(job.payload as UpdateJob);
      case "card.update":
        return cardUpdate(job, job.payload as CardUpdateJob);
      case "chat.post":
        return chatPost(job.payload as ChatPostJob);
      default:
        return notifyCard(job, job.payload as NotifyCardJob);
    }
  };
}

/**
 * What a notification card is recorded against, so later changes update it in place: an approval
 * card follows its instance (the approvals engine refreshes it at every decision), an alert card its
 * alert, any other its inbox row.
 */
function cardEntity(card: CardJob): Pick<Answer, "entity"> {
  const { instance_id: instanceId, notificationId, alertId } = card.data;
  if (card.kind === "approval" && typeof instanceId === "string") return { entity: { type: "approval", id: instanceId } };
  // an alert's copies (each recipient's, each group's) follow the alert: the monitor module refreshes them all
  if (card.kind === "alert" && typeof alertId === "string") return { entity: { type: "alert", id: alertId } };
  return typeof notificationId === "string" ? { entity: { type: "notification", id: notificationId } } : {};
}

function errorText(error: unknown): string {
  const text = isAppError(error)
    ? `${error.code}${error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ""}`
    : error instanceof Error ? error.message : String(error);
  return text.slice(0, 500);
}
