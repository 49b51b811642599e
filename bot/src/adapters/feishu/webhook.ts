/**
 * The HTTP callbacks: `POST /bot/feishu/events` (events, url_verification, card callbacks that are
 * subscribed at the event URL) and `POST /bot/feishu/cards` (new `card.action.trigger` and the
 * legacy flat callback). Verify first (verify.ts), then translate, enqueue and answer at once:
 * Feishu wants HTTP 200 within 3 s, and the challenge within 1 s.
 */
import type { EventDispatcher } from "@larksuiteoapi/node-sdk";
import type { AdapterDeps, WebhookRoute } from "../../core/port.ts";
import { FeishuNotStartedError, hand, type SinkSlot } from "./dispatch.ts";
import { legacyCardInbound } from "./inbound.ts";
import { signatureHeaders, type VerifyConfig, verifyFeishuRequest } from "./verify.ts";

export const FEISHU_EVENTS_PATH = "/bot/feishu/events";
export const FEISHU_CARDS_PATH = "/bot/feishu/cards";

type RouteContext = { config: VerifyConfig; deps: AdapterDeps; dispatcher: EventDispatcher; slot: SinkSlot };

const json = (body: unknown, status = 200) => Response.json(body, { status });

async function handle(ctx: RouteContext, request: Request, allowLegacy: boolean): Promise<Response> {
  const raw = new Uint8Array(await request.arrayBuffer());
  const verified = verifyFeishuRequest(raw, signatureHeaders(request.headers), ctx.config, ctx.deps.now(), allowLegacy);
  if (!verified.ok) {
    ctx.deps.logger.warn("feishu: refused callback", { path: new URL(request.url).pathname, reason: verified.reason });
    return json({ code: 401, msg: verified.reason }, 401);
  }
  if (verified.kind === "challenge") return json({ challenge: verified.challenge });
  try {
    if (verified.kind === "legacy_card") return json(await hand(ctx.slot, legacyCardInbound(verified.body), ctx.deps.logger, "card.action.trigger_v1", true));
    // Unregistered event types make the dispatcher return a string; Feishu only needs a 200.
    const answer: unknown = await ctx.dispatcher.invoke(verified.body, { needCheck: false });
    return json(answer && typeof answer === "object" ? answer : {});
  } catch (error) {
    // No 200: Feishu re-pushes an event later (a card click shows an error and can be retried).
    const notStarted = error instanceof FeishuNotStartedError;
    ctx.deps.logger.error("feishu: could not hand over inbound", { error: error instanceof Error ? error.message : String(error) });
    return json({ code: notStarted ? 503 : 500, msg: notStarted ? "not started" : "internal error" }, notStarted ? 503 : 500);
  }
}

export function feishuRoutes(ctx: RouteContext): WebhookRoute[] {
  return [
    { method: "POST", path: FEISHU_EVENTS_PATH, handle: (request) => handle(ctx, request, false) },
    { method: "POST", path: FEISHU_CARDS_PATH, handle: (request) => handle(ctx, request, true) },
  ];
}
