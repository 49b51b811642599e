/**
 * Slack adapter (DESIGN.md §3 rule 4): transport only. Inbound over `POST /bot/slack/events`
 * (always mounted) and, with an app-level token, over Socket Mode; outbound through Bolt's WebClient.
 * Env (read by the wiring, not here): SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_API_URL.
 */
import type { AdapterDeps, HttpChatAdapter, InboundSink } from "../../core/port.ts";
import { createBoltApp } from "./bolt-app.ts";
import { slackEventsRoute } from "./events-route.ts";
import { slackOutbound } from "./outbound.ts";

export { SLACK_EVENTS_PATH } from "./events-route.ts";

export type SlackConfig = {
  signingSecret: string;
  botToken: string;
  /** `xapp-…`: enables Socket Mode */
  appToken?: string;
  /** Web API base (SLACK_API_URL), e.g. a local stand-in's `http://127.0.0.1:PORT/api/` */
  apiUrl?: string;
};

export function createSlackAdapter(config: SlackConfig, deps: AdapterDeps): HttpChatAdapter {
  let sink: InboundSink | null = null;
  const { app, socket } = createBoltApp({ botToken: config.botToken, appToken: config.appToken, apiUrl: config.apiUrl, logger: deps.logger, sink: () => sink });
  // Socket Mode: ready while the socket is connected (Slack's hello arrived), not while it reconnects
  let socketUp = false;
  if (socket) {
    socket.client.on("connected", () => void (socketUp = true));
    for (const state of ["reconnecting", "disconnecting", "disconnected"]) socket.client.on(state, () => void (socketUp = false));
  }
  const route = slackEventsRoute({ signingSecret: config.signingSecret, app, now: deps.now, logger: deps.logger, started: () => sink !== null });
  return {
    platform: "slack",
    commandPrefix: "/ops",
    routes: [route],
    async start(s) {
      sink = s;
      // Resolves once Slack's `hello` arrived on the socket.
      if (socket) await socket.start();
    },
    async stop() {
      // The receiver's own stop() does not wait for the close handshake; the client's disconnect() does.
      if (socket) await socket.client.disconnect();
      sink = null;
    },
    connected: () => (socket ? socketUp : sink !== null),
    ...slackOutbound(app.client, deps.appUrl),
  };
}
