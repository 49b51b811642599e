/**
 * One EventDispatcher routes both transports: our HTTP route calls `invoke(verifiedPlainBody,
 * {needCheck: false})` after verifying it, and WSClient does the same with its plaintext frames.
 * The handlers only translate and enqueue, then answer `{}` (keep the card, no toast) at once;
 * the core updates the card afterwards. A click that is not one of our buttons gets a toast.
 */
import { DefaultCache, EventDispatcher } from "@larksuiteoapi/node-sdk";
import { t } from "@ops/shared";
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

/** What a card callback is answered with (HTTP body or WS ack): `{}` keeps the card as it is. */
export type CallbackAnswer = Record<string, never> | { toast: { type: "info" | "warning"; content: string; i18n: { zh_cn: string; en_us: string } } };

/**
 * A click on a button that is not (or no longer) ours: Feishu shows the toast, like the "this
 * button has expired" card Slack and DingTalk get. The callback names no language: both are sent.
 */
export function expiredButtonToast(): CallbackAnswer {
  const zh = t("zh-CN", "chat.unknown_action");
  return { toast: { type: "warning", content: zh, i18n: { zh_cn: zh, en_us: t("en", "chat.unknown_action") } } };
}

export async function hand(slot: SinkSlot, inbound: Inbound | null, logger: BotLogger, what: string, isCard = false): Promise<CallbackAnswer> {
  if (!inbound) {
    logger.debug("feishu: ignored", { what });
    return isCard ? expiredButtonToast() : {};
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
    "card.action.trigger": (data: unknown) => hand(slot, cardActionInbound(data), logger, "card.action.trigger", true),
  });
}
