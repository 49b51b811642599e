/**
 * DingTalk robot "HTTP mode": the platform POSTs each robot message to /bot/dingtalk/events with
 * headers `timestamp` (ms) and `sign` = base64(HMAC-SHA256(key = appSecret, msg = timestamp + "\n" +
 * appSecret)) (im-protocols.md §3.2). We verify with our own constant-time check, refuse anything
 * more than an hour off, and answer `{}` at once; the reply goes out later through the sessionWebhook
 * or the card API.
 */
import { createHmac } from "node:crypto";
import { safeEqual } from "../inbound-checks.ts";
import type { BotLogger, InboundSink, WebhookRoute } from "../../core/port.ts";
import { parseJsonObject, robotMessageToInbound } from "./inbound.ts";

export const DINGTALK_EVENTS_PATH = "/bot/dingtalk/events";
export const DINGTALK_SIGN_WINDOW_MS = 60 * 60 * 1000;

export function dingtalkSignature(secret: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
}

export function verifyDingTalkSignature(secret: string, timestamp: string | null, sign: string | null, nowMs: number): boolean {
  if (!timestamp || !sign || !/^\d{1,16}$/.test(timestamp)) return false;
  if (Math.abs(nowMs - Number(timestamp)) > DINGTALK_SIGN_WINDOW_MS) return false;
  return safeEqual(sign, dingtalkSignature(secret, timestamp));
}

const refuse = (status: number, message: string) => Response.json({ code: status, message }, { status });

export function dingtalkEventsRoute(opts: {
  clientSecret: string;
  now: () => number;
  logger: BotLogger;
  /** null until the adapter is started (or after it stopped) */
  sink: () => InboundSink | null;
}): WebhookRoute {
  return {
    method: "POST",
    path: DINGTALK_EVENTS_PATH,
    async handle(request) {
      const timestamp = request.headers.get("timestamp");
      if (!verifyDingTalkSignature(opts.clientSecret, timestamp, request.headers.get("sign"), opts.now())) {
        opts.logger.warn("dingtalk http callback refused: bad or stale signature", { timestamp });
        return refuse(401, "invalid signature");
      }
      const sink = opts.sink();
      if (!sink) return refuse(503, "adapter not started");
      const body = parseJsonObject(await request.text());
      const inbound = body ? robotMessageToInbound(body) : null;
      if (!inbound) {
        opts.logger.debug("dingtalk http callback ignored: not a text robot message");
        return Response.json({});
      }
      // accept() only queues, so awaiting it stays well inside the platform's window.
      try {
        await sink.accept(inbound);
      } catch (err) {
        // A 5xx lets the platform deliver it again rather than dropping the command.
        opts.logger.error("dingtalk inbound not queued", { error: String(err), eventId: inbound.eventId });
        return refuse(500, "not queued");
      }
      return Response.json({});
    },
  };
}
