/**
 * The bot core: adapters hand it verified inbound traffic, it queues it (one job per platform event
 * id, so redeliveries are applied once), and its worker answers through the API as the caller, posts
 * the cards with the adapter and records where they went. It also consumes the notification
 * center's IM queue (new notification cards, in-place updates) and serves the web console.
 */
import { AppError, isAppError, type Locale } from "@ops/shared";
import { createApiClient, data, type ApiFetch } from "./api-client.ts";
import { expiredAnswer, localeOf, type Answer, type AnswerCtx } from "./answer.ts";
import { answerAction } from "./actions.ts";
import { answerCommand } from "./commands.ts";
import { cardOf } from "./card-of.ts";
import type { ChatAdapter, ChatPlatform, BotLogger, Inbound, InboundSink, MessageRef } from "./port.ts";
import { CHAT_INBOUND_QUEUE, IM_DELIVERY_QUEUE, type BotJob, type BotQueue } from "./queue-port.ts";
import { createWebConsole } from "./web-console.ts";

export type BotOptions = {
  fetch: ApiFetch;
  botKey: string;
  queue: BotQueue;
  adapters: ChatAdapter[];
  logger: BotLogger;
  concurrency?: number;
  /** ms since epoch (tests pass a fake clock) */
  now?: () => number;
};

/** A command that reaches the worker later than this after it was sent is not run (see InboundCommand.sentAt). */
export const COMMAND_TTL_MS = 10 * 60_000;

type CardJob = { kind: string; data: Record<string, unknown> };
type NotifyCardJob = { deliveryId: string; platform: ChatPlatform; externalUserId: string; userId: string; locale: string; card: CardJob };
type CardUpdateJob = { platform: ChatPlatform; chatId: string; messageId: string; locale: string; card: CardJob };

export function createBot(opts: BotOptions) {
  const api = createApiClient({ fetch: opts.fetch, botKey: opts.botKey });
  const adapters = new Map(opts.adapters.map((a) => [a.platform, a]));
  const workers: Array<{ stop(): Promise<void> }> = [];
  const adapterOf = (platform: ChatPlatform) => {
    const adapter = adapters.get(platform);
    // Permanent: no worker of this process can deliver to a platform it has no credentials for.
    if (!adapter) throw new AppError("im.platform_unavailable", { status: 503, retryable: false, params: { platform } });
    return adapter;
  };

  const sink: InboundSink = {
    async accept(inbound) {
      await opts.queue.enqueue(CHAT_INBOUND_QUEUE, inbound.type, inbound, {
        idempotencyKey: `${inbound.platform}:${inbound.eventId}`,
        attempts: 3,
        backoff: { type: "exponential", delayMs: 1_000 },
      });
      return { accepted: true };
    },
  };

  const ctxFor = (inbound: Inbound): AnswerCtx => ({
    api, platform: inbound.platform, externalUserId: inbound.user.id, prefix: adapterOf(inbound.platform).commandPrefix,
    locale: localeOf(inbound.locale), logger: opts.logger,
    caller: { kind: "chat", platform: inbound.platform, userId: inbound.user.id, ...(inbound.locale ? { locale: inbound.locale } : {}) },
  });

  async function record(ref: MessageRef, answer: Answer, locale: Locale) {
    await data(api.as({ kind: "bot" }).api.v1.im.messages.$post({
      json: {
        platform: ref.platform, chat_id: ref.chatId, message_id: ref.messageId, card_kind: answer.kind,
        entity_type: answer.entity?.type ?? null, entity_id: answer.entity?.id ?? null, user_id: answer.userId ?? null, locale,
      },
    }));
  }

  async function handleInbound(inbound: Inbound) {
    const adapter = adapterOf(inbound.platform);
    const ctx = ctxFor(inbound);
    const replies = async (answers: Answer[]) => {
      for (const answer of answers) {
        const ref = await adapter.reply(inbound.reply, answer.card);
        if (ref) await record(ref, answer, ctx.locale);
      }
    };
    if (inbound.type === "command") {
      const age = inbound.sentAt === undefined ? 0 : (opts.now ?? Date.now)() - inbound.sentAt;
      return replies(age > COMMAND_TTL_MS ? [expiredAnswer(ctx, age)] : await answerCommand(ctx, inbound.text));
    }
    const result = await answerAction(ctx, inbound.action);
    if (result.update && inbound.message) {
      await adapter.update(inbound.message, result.update.card);
      await record(inbound.message, result.update, ctx.locale);
    } else if (result.update) {
      result.cards.unshift(result.update);
    }
    await replies(result.cards);
  }

  async function handleImJob(job: BotJob) {
    if (job.name === "card.update") {
      const p = job.payload as CardUpdateJob;
      const ref = { platform: p.platform, chatId: p.chatId, messageId: p.messageId };
      return adapterOf(p.platform).update(ref, cardOf(p.card.kind, p.card.data, localeOf(p.locale)));
    }
    const p = job.payload as NotifyCardJob;
    const locale = localeOf(p.locale);
    const card = cardOf(p.card.kind, p.card.data, locale);
    let ref: MessageRef;
    try {
      ref = await adapterOf(p.platform).sendToUser(p.externalUserId, card);
    } catch (error) {
      // The notification center logs the attempt and, after the last one, fails over to the next channel.
      const final = job.attempt >= job.maxAttempts || (isAppError(error) && !error.retryable);
      await reportImResult(p.deliveryId, { ok: false, attempt: job.attempt, final, error: errorText(error) });
      throw error;
    }
    const id = p.card.data.notificationId;
    await record(ref, { kind: p.card.kind, card, userId: p.userId, ...(typeof id === "string" ? { entity: { type: "notification", id } } : {}) }, locale);
  }

  async function reportImResult(deliveryId: string, result: { ok: boolean; attempt: number; final: boolean; error?: string }) {
    try {
      await data(api.as({ kind: "bot" }).api.v1.im.deliveries[":id"].result.$post({ param: { id: deliveryId }, json: result }));
    } catch (e) {
      opts.logger.warn("IM delivery result not recorded", { err: e, delivery_id: deliveryId });
    }
  }

  return {
    sink,
    console: createWebConsole({ api, logger: opts.logger }),
    /** Starts the adapters' connections (and HTTP intake). */
    async startAdapters() {
      for (const adapter of adapters.values()) await adapter.start(sink);
    },
    /** Starts the workers (processes with the bot role). */
    startWorkers() {
      // Two jobs at a time per queue: in a single-node install the answers share the event loop and the
      // store with the acks; scripts/bench/ack.ts measured p99 ack 41 ms at 2 against 71 ms at 4, with
      // the follow-ups done sooner too.
      const concurrency = opts.concurrency ?? 2;
      workers.push(opts.queue.work(CHAT_INBOUND_QUEUE, (job) => handleInbound(job.payload as Inbound), { concurrency }));
      workers.push(opts.queue.work(IM_DELIVERY_QUEUE, handleImJob, { concurrency }));
    },
    async stop() {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      for (const adapter of adapters.values()) await adapter.stop();
    },
  };
}

export type Bot = ReturnType<typeof createBot>;

function errorText(error: unknown): string {
  const text = isAppError(error) ? `${error.code}${error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ""}` : error instanceof Error ? error.message : String(error);
  return text.slice(0, 500);
}
