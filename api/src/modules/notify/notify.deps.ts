import type { Clock } from "../../platform/clock.ts";
import type { SecretBox } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/db.ts";
import type { Bus } from "../../platform/bus/index.ts";
import type { Logger } from "../../platform/logger.ts";
import type { QueueDriver } from "../../platform/queue/index.ts";
import type { MailTransport, PushTransport, SmsTransport, WebhookTransport } from "../../platform/notify-transports/ports.ts";
import type { Channel } from "./channels/index.ts";
import type { NotifyEvents } from "./notify.events.ts";
import type { LiveHub } from "./inbox/index.ts";
import type { OutboundChannel } from "./notify.schema.ts";
import type { WordList } from "./content/index.ts";

/** Transports the wiring passes in; a missing one makes its channel fail over at once. */
export type NotifyTransports = {
  mail?: MailTransport;
  push?: PushTransport;
  sms?: SmsTransport;
  /** Webhook POSTs; default: private targets refused, over the global fetch. */
  webhook?: WebhookTransport;
};

export type NotifyOptions = {
  /** Starts per delivery before a channel counts as failed and the next one is tried. */
  attempts: number;
  /** First retry delay; doubles with every further failure. */
  backoffMs: number;
  /** Deliveries per recipient and channel per minute; the excess waits for the window. */
  ratePerMinute: number;
  /** Events of a digest type within this window become one message. */
  digestWindowMs: number;
  concurrency: number;
  /** SSE comment interval that keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  pushTtlSeconds: number;
  /** VAPID `sub` claim: a mailto: or https: contact for push services. */
  vapidSubject: string;
};

export const DEFAULT_OPTIONS: NotifyOptions = {
  attempts: 3,
  backoffMs: 30_000,
  ratePerMinute: 20,
  digestWindowMs: 15 * 60_000,
  concurrency: 4,
  heartbeatMs: 25_000,
  pushTtlSeconds: 24 * 3600,
  vapidSubject: "mailto:ops@example.com",
};

export type NotifyDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  queue: QueueDriver;
  /** signals to every process (platform/bus): new inbox rows reach the live streams other processes hold */
  bus?: Bus;
  secrets: SecretBox;
  /** HMAC key of unsubscribe links. */
  signingKey: string;
  /** OPS_PUBLIC_URL: absolute links in emails (unsubscribe, open). */
  publicUrl?: string;
  transports: NotifyTransports;
  options?: Partial<NotifyOptions>;
  /** blobs an e-mail attaches by key (`data.email.attachments[].key`: a report digest's chart and xlsx) */
  files?: { get(key: string): Promise<Uint8Array | null> };
};

/** What the module's parts share at run time. */
export type NotifyCtx = Omit<NotifyDeps, "options" | "transports"> & {
  transports: NotifyTransports & { webhook: WebhookTransport };
  options: NotifyOptions;
  hub: LiveHub;
  events: NotifyEvents;
  channels: Record<OutboundChannel, Channel>;
  /** the sensitive-word list every rendered message is screened with (content/) */
  content?: WordList;
};

/** Queue of delivery and digest jobs; the IM bot consumes IM_QUEUE. */
export const NOTIFY_QUEUE = "notify";
export const IM_QUEUE = "im-delivery";
