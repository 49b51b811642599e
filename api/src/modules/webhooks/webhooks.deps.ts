import type { Clock } from "../../platform/clock.ts";
import type { SecretBox } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/db.ts";
import type { Logger } from "../../platform/logger.ts";
import type { WebhookTransport } from "../../platform/notify-transports/ports.ts";
import type { QueueDriver } from "../../platform/queue/index.ts";
import type { WebhookEvents } from "./webhooks.events.ts";

export type WebhooksOptions = {
  /** Waits before each retry after a failed attempt; attempts = 1 + retryDelaysMs.length. */
  retryDelaysMs: number[];
  /** One attempt's time limit (connect, answer and the first bytes of the body). */
  timeoutMs: number;
  concurrency: number;
  /** OPS_WEBHOOK_KEEP_DAYS: finished deliveries (and their attempts, and events no delivery names) older than this go; 0 keeps them */
  keepDays: number;
};

/** 10 s, 1 min, 5 min, 30 min, 2 h: six attempts over about 2 h 36 min. */
export const DEFAULT_OPTIONS: WebhooksOptions = {
  retryDelaysMs: [10_000, 60_000, 300_000, 1_800_000, 7_200_000],
  timeoutMs: 10_000,
  concurrency: 4,
  keepDays: 30,
};

export type WebhooksDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  queue: QueueDriver;
  /** encrypts signing secrets at rest (OPS_SECRET_KEY) */
  secrets: SecretBox;
  /** the SSRF-guarded HTTP POST (OPS_WEBHOOK_ALLOW_PRIVATE, OPS_WEBHOOK_ALLOW_HOSTS) */
  transport: WebhookTransport;
  options?: Partial<WebhooksOptions>;
};

/** What the module's parts share at run time. */
export type WebhooksCtx = Omit<WebhooksDeps, "options"> & { options: WebhooksOptions; events: WebhookEvents };

export const WEBHOOKS_QUEUE = "webhooks";
export const WEBHOOKS_MANAGE = "webhooks:manage";
