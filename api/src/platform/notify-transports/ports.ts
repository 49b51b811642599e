/**
 * The transports the notification center delivers through. The notify module sees only these
 * interfaces; the adapters beside this file (nodemailer, web-push, an HTTP SMS provider) are
 * chosen by the wiring and can be swapped for stand-ins in tests.
 *
 * Every adapter reports a failed send by throwing a TransportError, so the module can tell a
 * failure worth retrying (a timeout, a 4xx SMTP reply, HTTP 5xx/429) from one that will fail
 * again (an address the provider refuses, a push subscription that is gone).
 */
export class TransportError extends Error {
  /** Another attempt may succeed. */
  readonly retryable: boolean;
  /** The address itself is dead (push subscription expired): forget it. */
  readonly gone: boolean;
  constructor(message: string, options: { retryable: boolean; gone?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "TransportError";
    this.retryable = options.retryable;
    this.gone = options.gone ?? false;
  }
}

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** files attached; one with a `cid` is shown inline where the HTML names `cid:<cid>` */
  attachments?: MailAttachment[];
};

export type MailAttachment = { filename: string; content: Uint8Array; contentType: string; cid?: string };

export interface MailTransport {
  send(message: MailMessage): Promise<{ id?: string }>;
  close?(): void;
  /** Set when the server is configured at run time (the config center's SMTP settings): false means unconfigured for now. */
  ready?(): Promise<boolean>;
}

export type VapidKeys = { publicKey: string; privateKey: string };

export type PushTarget = { endpoint: string; keys: { p256dh: string; auth: string } };

export type PushUrgency = "very-low" | "low" | "normal" | "high";

export type PushOptions = {
  /** Seconds the push service keeps an undelivered message. */
  ttl: number;
  urgency: PushUrgency;
  /** Replaces an undelivered message with the same topic (<= 32 URL-safe base64 characters). */
  topic?: string;
  vapid: VapidKeys & { subject: string };
};

export interface PushTransport {
  generateKeys(): Promise<VapidKeys>;
  send(target: PushTarget, payload: string, options: PushOptions): Promise<{ status: number }>;
}

export type SmsMessage = { to: string; text: string };

export interface SmsTransport {
  send(message: SmsMessage): Promise<{ id?: string }>;
}

/** What an HTTP status says about retrying: 408, 425, 429 and 5xx may pass later, other 4xx will not. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export type WebhookRequest = {
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
  /** Read up to this many bytes of the answer's body into `body` (default 0: the body is dropped unread). */
  responseBytes?: number;
};

export interface WebhookTransport {
  /** Private targets are allowed (OPS_WEBHOOK_ALLOW_PRIVATE). */
  readonly allowPrivate: boolean;
  /** "private" when the URL's host is, or resolves to, an address webhooks must not reach; else null. */
  check(url: string): Promise<"private" | null>;
  /** One POST, never following redirects; refused (not retryable) for a private target. */
  post(url: string, request: WebhookRequest): Promise<{ status: number; body?: string }>;
}
