import { TransportError } from "../../../platform/notify-transports/ports.ts";
import type { Locale } from "@ops/shared";
import type { OutboundChannel } from "../notify.schema.ts";

/** A user as the channels need them: addresses and language. */
export type Recipient = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
};

export type RenderedMessage = { title: string; body: string };

export type DeliveryInput = {
  deliveryId: string;
  eventId: string;
  type: string;
  critical: boolean;
  /** "event", or "digest" for a message folded from several events. */
  kind: "event" | "digest";
  recipient: Recipient;
  message: RenderedMessage;
  data: Record<string, unknown>;
  /** Absolute unsubscribe link for this type and channel, when OPS_PUBLIC_URL is set. */
  unsubscribeUrl?: string;
};

/** Where the message went (masked), for the send log. */
export type DeliveryOutcome = { target?: string };

export interface Channel {
  readonly name: OutboundChannel;
  deliver(input: DeliveryInput): Promise<DeliveryOutcome>;
}

/**
 * A failed delivery attempt. `code` is a message key (`notify.no_email_address`) or a transport
 * reason; `retryable` says whether the queue should try this channel again before failing over.
 */
export class ChannelFailure extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, retryable: boolean, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = "ChannelFailure";
    this.code = code;
    this.retryable = retryable;
  }
}

export function toChannelFailure(error: unknown): ChannelFailure {
  if (error instanceof ChannelFailure) return error;
  if (error instanceof TransportError) return new ChannelFailure("notify.transport_error", error.retryable, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new ChannelFailure("notify.channel_error", true, message);
}
