/**
 * The queue as the bot needs it: enqueue with an idempotency key (that is how a redelivered event
 * is applied once, across processes), and a worker loop. The composition root adapts the API's
 * queue driver to it (bot/src/wire.ts).
 */
export type BotJob = { name: string; payload: unknown; attempt: number; maxAttempts: number };

export type BotEnqueueOptions = {
  idempotencyKey?: string;
  attempts?: number;
  backoff?: { type: "fixed" | "exponential"; delayMs: number };
};

export interface BotQueue {
  enqueue(queue: string, name: string, payload: unknown, options?: BotEnqueueOptions): Promise<string>;
  /** The stored payload of a job (to tell a new job from the one an idempotency key already named). */
  payloadOf?(queue: string, id: string): Promise<unknown>;
  /** Runs `handler` for each job; a throw retries with backoff until attempts run out. */
  work(queue: string, handler: (job: BotJob) => Promise<unknown>, options?: { concurrency?: number }): { stop(): Promise<void> };
}

/** Inbound chat traffic waiting for the bot worker. */
export const CHAT_INBOUND_QUEUE = "chat-inbound";
/** The notification center's IM deliveries and card updates (notify's IM_QUEUE). */
export const IM_DELIVERY_QUEUE = "im-delivery";
