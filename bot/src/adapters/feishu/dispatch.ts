/**
 * One EventDispatcher routes both transports: our HTTP route calls `invoke(verifiedPlainBody,
 * {needCheck: false})` after verifying it, and WSClient does the same with its plaintext frames.
 * The handlers only translate and enqueue, then answer `{}` (keep the card, no toast) at once;
 * the core updates the card afterwards.
 */
import { DefaultCache, EventDispatcher } from "@larksuiteoapi/node-sdk";
import type { BotLogger, Inbound, InboundSink } from "../../core/port.ts";
import { cardActionInbound, messageInbound } from "./inbound.ts";
import { sdkLogger } from "./sdk-logger.ts";

/** Thrown when traffic arrives before `start(sink)`: the platform retries an unanswered event. */
export class FeishuNotStartedError extends Error {
  constructor() {
    super("feishu adapter: inbound before start()");
    this.name = "FeishuNotStartedError";
  }
}

export type SinkSlot = { current: InboundSink | null };

export async function hand(slot: SinkSlot, inbound: Inbound | null, logger: BotLogger, what: string): Promise<Record<string, never>> {
  if (!inbound) {
    logger.debug("feishu: ignored", { what });
    return {};
  }
  if (!slot.current) throw new FeishuNotStartedError();
  const { accepted } = await slot.current.accept(inbound);
  if (!accepted) logger.debug("feishu: duplicate", { what, eventId: inbound.eventId });
  return {};
}

export function createDispatcher(slot: SinkSlot, logger: BotLogger): EventDispatcher {
  // No keys here: HTTP bodies are verified and decrypted by verify.ts, WS frames come in plaintext.
  // Its own cache, like the Client's: the SDK's default one is process-wide.
  return new EventDispatcher({ logger: sdkLogger(logger), cache: new DefaultCache() }).register({
    "im.message.receive_v1": (data: unknown) => hand(slot, messageInbound(data), logger, "im.message.receive_v1"),
    "card.action.trigger": (data: unknown) => hand(slot, cardActionInbound(data), logger, "card.action.trigger"),
  });
}
