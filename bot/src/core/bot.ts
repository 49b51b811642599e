/**
 * The bot core: adapters hand it verified inbound traffic, it queues it (one job per platform event
 * id, so redeliveries are applied once), and its worker answers through the API as the caller. The
 * posting of those answers, in-place updates and the notification center's IM cards run on the
 * im-delivery queue (delivery.ts). It also serves the web console.
 */
import { AppError } from "@ops/shared";
import { createApiClient, type ApiFetch, type ChatCaller } from "./api-client.ts";
import { expiredAnswer, localeOf, type AnswerCtx } from "./answer.ts";
import { answerAction } from "./actions.ts";
import { answerCommand } from "./commands.ts";
import { createDelivery, type ReplyJob, type UpdateJob } from "./delivery.ts";
import type { ChatAdapter, ChatPlatform, BotLogger, Inbound, InboundSink } from "./port.ts";
import { CHAT_INBOUND_QUEUE, IM_DELIVERY_QUEUE, type BotQueue } from "./queue-port.ts";
import { createWebConsole } from "./web-console.ts";
import { requestOrigin } from "./request-origin.ts";

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

/** Posting retries on its own, without re-running the command. */
const POST_RETRY = { attempts: 3, backoff: { type: "exponential" as const, delayMs: 2_000 } };

export function createBot(opts: BotOptions) {
  const api = createApiClient({ fetch: opts.fetch, botKey: opts.botKey });
  const adapters = new Map(opts.adapters.map((a) => [a.platform, a]));
  const workers: Array<{ stop(): Promise<void> }> = [];
  // a shutdown disconnects the adapters before the workers drain; stop() must not stop them twice
  let intake: "off" | "on" | "stopped" = "off";
  const stopAdapters = async () => {
    if (intake === "stopped") return;
    intake = "stopped";
    for (const adapter of adapters.values()) await adapter.stop();
  };
  const delivery = createDelivery({ api, adapterOf: (p) => adapterOf(p), logger: opts.logger });
  const adapterOf = (platform: ChatPlatform) => {
    const adapter = adapters.get(platform);
    // Permanent: no worker of this process can deliver to a platform it has no credentials for.
    if (!adapter) throw new AppError("im.platform_unavailable", { status: 503, retryable: false, params: { platform } });
    return adapter;
  };

  const sink: InboundSink = {
    async accept(inbound) {
      const key = `${inbound.platform}:${inbound.eventId}`;
      // A receipt of our own tells this delivery's job from an earlier one the key already named.
      const receipt = crypto.randomUUID();
      const origin = requestOrigin();
      const id = await opts.queue.enqueue(CHAT_INBOUND_QUEUE, inbound.type, { ...inbound, ...(origin ? { origin } : {}), receipt }, {
        idempotencyKey: key,
        attempts: 3,
        backoff: { type: "exponential", delayMs: 1_000 },
      });
      const stored = await opts.queue.payloadOf?.(CHAT_INBOUND_QUEUE, id);
      if (stored && (stored as { receipt?: unknown }).receipt !== receipt) {
        // Every drop is logged with its key: a wrong key would otherwise swallow commands silently.
        opts.logger.info("duplicate dropped", { key, platform: inbound.platform, type: inbound.type });
        return { accepted: false };
      }
      return { accepted: true };
    },
  };

  const ctxFor = (inbound: Inbound): AnswerCtx => ({
    api, platform: inbound.platform, externalUserId: inbound.user.id, prefix: adapterOf(inbound.platform).commandPrefix,
    locale: localeOf(inbound.locale), logger: opts.logger,
    requester: {
      name: inbound.user.name, workspace: inbound.workspace, origin: inbound.origin,
      lookupName: async () => adapterOf(inbound.platform).displayName?.(inbound.user.id),
    },
    caller: chatCallerOf(inbound),
  });

  /** Computes the answers once (side effects through the API happen here), then hands the posting to im-delivery. */
  async function handleInbound(inbound: Inbound) {
    const ctx = ctxFor(inbound);
    const post = (name: string, payload: ReplyJob | UpdateJob, key: string) =>
      opts.queue.enqueue(IM_DELIVERY_QUEUE, name, payload, { idempotencyKey: `${key}:${inbound.platform}:${inbound.eventId}`, ...POST_RETRY });
    const recordAs = chatCallerOf(inbound);
    if (inbound.type === "command") {
      const age = inbound.sentAt === undefined ? 0 : (opts.now ?? Date.now)() - inbound.sentAt;
      const answers = age > COMMAND_TTL_MS ? [expiredAnswer(ctx, age)] : await answerCommand(ctx, inbound.text);
      return post("chat.reply", { target: inbound.reply, answers, locale: ctx.locale, recordAs }, "reply");
    }
    const result = await answerAction(ctx, inbound.action);
    if (result.update && inbound.message) await post("chat.update", { ref: inbound.message, answer: result.update, locale: ctx.locale, recordAs }, "update");
    else if (result.update) result.cards.unshift(result.update);
    if (result.cards.length) await post("chat.reply", { target: inbound.reply, answers: result.cards, locale: ctx.locale, recordAs }, "reply");
  }

  return {
    sink,
    console: createWebConsole({ api, logger: opts.logger }),
    /** Starts the adapters' connections (and HTTP intake). */
    async startAdapters() {
      for (const adapter of adapters.values()) await adapter.start(sink);
      intake = "on";
    },
    /** Disconnects the platforms' clients (Socket Mode, ws, stream): no chat traffic comes in; the workers carry on. */
    stopAdapters,
    /** Per platform: taking chat traffic in now (started, not stopped, and its socket connected where it says). */
    intakeUp(): Array<{ platform: ChatPlatform; up: boolean }> {
      return [...adapters.values()].map((a) => ({ platform: a.platform, up: intake === "on" && (a.connected?.() ?? true) }));
    },
    /** Starts the workers (processes with the bot role). */
    startWorkers() {
      // Two jobs at a time per queue: in a single-node install the answers share the event loop and the
      // store with the acks; scripts/bench/ack.ts measured p99 ack 41 ms at 2 against 71 ms at 4, with
      // the follow-ups done sooner too.
      const concurrency = opts.concurrency ?? 2;
      workers.push(opts.queue.work(CHAT_INBOUND_QUEUE, (job) => handleInbound(job.payload as Inbound), { concurrency }));
      workers.push(opts.queue.work(IM_DELIVERY_QUEUE, delivery, { concurrency }));
    },
    async stop() {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await stopAdapters();
    },
  };
}

export type Bot = ReturnType<typeof createBot>;

/**
 * The chat account the API call speaks for, with what it asked (the command, or the button it
 * clicked): the API writes it into the audit rows the call causes (X-OPS-Chat-Command).
 */
function chatCallerOf(inbound: Inbound): ChatCaller {
  const command = inbound.type === "command" ? inbound.text : `[button] ${inbound.action.action}`;
  return { kind: "chat", platform: inbound.platform, userId: inbound.user.id, command, ...(inbound.locale ? { locale: inbound.locale } : {}) };
}

