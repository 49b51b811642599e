/**
 * The DingTalk adapter (DESIGN.md §3 rule 4: translate only).
 * - Stream mode (default): a supervised dingtalk-stream connection (stream.ts + supervisor.ts);
 *   robot messages and card callbacks are acked at once, then handed to the sink.
 * - HTTP mode: signed robot callbacks on POST /bot/dingtalk/events (http-mode.ts).
 *   The route is offered in both modes (it verifies every request either way), so an app can be
 *   switched to HTTP delivery in DingTalk's console without a redeploy; `start()` opens the
 *   Stream connection only in stream mode.
 * - Outbound: sessionWebhook for buttonless replies, interactive cards otherwise (outbound.ts).
 */
import type { DWClientDownStream } from "dingtalk-stream";
import type { AdapterDeps, HttpChatAdapter, Inbound, InboundSink } from "../../core/port.ts";
import { dingtalkEventsRoute } from "./http-mode.ts";
import { cardCallbackToInbound, parseJsonObject, robotMessageToInbound } from "./inbound.ts";
import { DingTalkOutbound } from "./outbound.ts";
import { openStreamConnection } from "./stream.ts";
import { ConnectionSupervisor, type SupervisorOptions } from "./supervisor.ts";

export type { SupervisorOptions, SupervisorState } from "./supervisor.ts";
export { DINGTALK_EVENTS_PATH, verifyDingTalkSignature } from "./http-mode.ts";

export type DingTalkConfig = {
  clientId: string;
  clientSecret: string;
  /** OpenAPI base, default https://api.dingtalk.com (DINGTALK_API_URL) */
  apiUrl?: string;
  /** legacy oapi base; unused today (replies go through sessionWebhook or the card API) */
  oapiUrl?: string;
  /**
   * Stream gateway (DINGTALK_GATEWAY_URL), default `${apiUrl}/v1.0/gateway/connections/open`; a
   * base URL (no path) gets that path added, a full URL is used as it is.
   */
  gatewayUrl?: string;
  mode?: "stream" | "http";
  /** the generic interactive card template (cards/README.md), default DINGTALK_DEFAULT_TEMPLATE_ID */
  cardTemplateId?: string;
};

export function createDingTalkAdapter(config: DingTalkConfig, deps: AdapterDeps & { supervisor?: Partial<SupervisorOptions> }): HttpChatAdapter {
  const apiUrl = (config.apiUrl ?? "https://api.dingtalk.com").replace(/\/+$/, "");
  const gatewayUrl = gatewayUrlOf(config.gatewayUrl ?? apiUrl);
  const { logger } = deps;
  const outbound = new DingTalkOutbound({ ...config, apiUrl, appUrl: deps.appUrl, now: deps.now });
  let sink: InboundSink | null = null;
  let supervisor: ConnectionSupervisor | null = null;

  const hand = (inbound: Inbound | null, what: string) => {
    const target = sink;
    if (!inbound || !target) return logger.debug(`dingtalk ${what} ignored`);
    target.accept(inbound).catch((err: unknown) => logger.error("dingtalk inbound not queued", { error: String(err), eventId: inbound.eventId }));
  };
  const handlers = {
    robot: (frame: DWClientDownStream) => {
      const msg = parseJsonObject(frame.data);
      hand(msg && robotMessageToInbound(msg, frame.headers.messageId), "robot message");
    },
    card: (frame: DWClientDownStream) => {
      const data = parseJsonObject(frame.data);
      hand(data && cardCallbackToInbound(data, frame.headers.messageId), "card callback");
    },
  };

  return {
    platform: "dingtalk",
    commandPrefix: "",
    routes: [dingtalkEventsRoute({ clientSecret: config.clientSecret, now: deps.now, logger, sink: () => sink })],
    async start(s) {
      sink = s;
      if (config.mode === "http" || supervisor) return;
      const stream = { clientId: config.clientId, clientSecret: config.clientSecret, gatewayUrl };
      supervisor = new ConnectionSupervisor((hooks) => openStreamConnection(stream, hooks, handlers, logger), logger, deps.supervisor);
      await supervisor.start();
    },
    async stop() {
      sink = null;
      supervisor?.stop();
      supervisor = null;
    },
    // stream mode: up while the stream is connected (reported as `chat:dingtalk` in /readyz `connections` and on the
    // nodes page while it reconnects; it does not make the bot role not ready)
    connected: () => (config.mode === "http" ? sink !== null : supervisor?.state.state === "connected"),
    reply: (target, card) => outbound.reply(target, card),
    replyPrivately: (target, card) => outbound.replyPrivately(target, card),
    sendToUser: (userId, card) => outbound.sendToUser(userId, card),
    sendToChat: (conversationId, card) => outbound.sendToChat(conversationId, card),
    update: (ref, card) => outbound.update(ref, card),
  };
}

export const GATEWAY_PATH = "/v1.0/gateway/connections/open";

/** `https://host[:port][/]` → the gateway endpoint under it; a URL with a path stays as it is. */
export function gatewayUrlOf(value: string): string {
  const u = new URL(value);
  if (u.pathname !== "/" && u.pathname !== "") return value;
  return `${u.origin}${GATEWAY_PATH}${u.search}`;
}
