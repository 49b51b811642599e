/**
 * The Bolt App behind the adapter: its listeners only translate (inbound.ts) and hand the result
 * to the sink, then ack. HTTP requests reach it through `dispatch` (app.processEvent, no Bolt
 * receiver in the path, so our own verification is the only one); Socket Mode through Bolt's
 * SocketModeReceiver, which feeds the same listeners.
 */
import { App, type Logger, LogLevel, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { BotLogger, Inbound, InboundSink } from "../../core/port.ts";
import { blockActionInbound, eventInbound, slashCommandInbound } from "./inbound.ts";

type Fields = Record<string, unknown>;

export type BoltSetup = {
  botToken: string;
  appToken?: string;
  apiUrl?: string;
  logger: BotLogger;
  /** The sink set by `start()`; null before. */
  sink: () => InboundSink | null;
};

/** What an HTTP request is answered with after Bolt ran: the ack's body, or why there was none. */
export type DispatchOutcome = { status: number; body?: unknown };

/** Bolt's Logger over the bot's structured logger (Bolt passes loose arguments). */
export function boltLogger(log: BotLogger): Logger {
  let level = LogLevel.INFO;
  const line = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...m: unknown[]) => log.debug(line(m), { source: "slack" }),
    info: (...m: unknown[]) => log.info(line(m), { source: "slack" }),
    warn: (...m: unknown[]) => log.warn(line(m), { source: "slack" }),
    error: (...m: unknown[]) => log.error(line(m), { source: "slack" }),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** HTTP mode needs no Bolt receiver: requests come in through `dispatch`. */
const passiveReceiver: Receiver = { init: () => undefined, start: async () => undefined, stop: async () => undefined };

export function createBoltApp(setup: BoltSetup): { app: App; socket: SocketModeReceiver | null } {
  const logger = boltLogger(setup.logger);
  const api = () => (setup.apiUrl ? { slackApiUrl: setup.apiUrl } : {});
  // The socket client mutates its options (retryConfig), so it gets its own object.
  const socket = setup.appToken ? new SocketModeReceiver({ appToken: setup.appToken, logger, installerOptions: { clientOptions: api() } }) : null;
  // No botId/botUserId: Bolt asks auth.test once, on the first event (SLACK_API_URL's stand-in answers it).
  const app = new App({ token: setup.botToken, receiver: socket ?? passiveReceiver, socketMode: socket !== null, logger, clientOptions: api() });

  const accept = async (inbound: Inbound | null): Promise<void> => {
    if (!inbound) return;
    const sink = setup.sink();
    if (!sink) throw new Error("slack adapter: inbound before start()");
    await sink.accept(inbound);
  };
  app.command(/^\//, async ({ body, ack }) => {
    await accept(slashCommandInbound(body as unknown as Fields));
    await ack();
  });
  // Bolt acks Events API deliveries before listeners run. Over HTTP `dispatch` still answers 500 when
  // accept fails (Slack retries); over Socket Mode the ack is already sent, so such an event is lost.
  app.event("app_mention", async ({ body }) => accept(eventInbound(body as unknown as Fields)));
  app.event("message", async ({ body }) => accept(eventInbound(body as unknown as Fields)));
  app.action({ type: "block_actions" }, async ({ body, action, ack }) => {
    await accept(blockActionInbound(body as unknown as Fields, action as { action_id: string; value?: string; action_ts?: string }));
    await ack();
  });
  return { app, socket };
}

/**
 * Runs one verified, parsed request through Bolt and answers once the listener is done: the ack's
 * body when it acked; 500 when it failed before acking (or on an event, whose early ack Bolt made
 * itself) so Slack retries; an empty 200 for payloads no listener takes (Slack needs an answer).
 */
export async function dispatch(app: App, body: Fields, retryNum: number | undefined, retryReason: string | undefined, log: BotLogger): Promise<DispatchOutcome> {
  let acked: { body: unknown } | null = null;
  const ack = async (response?: unknown) => {
    acked ??= { body: response };
  };
  try {
    await app.processEvent({ body, ack, ...(retryNum !== undefined ? { retryNum } : {}), ...(retryReason ? { retryReason } : {}) });
  } catch (err) {
    log.error("slack: inbound not accepted", { error: err instanceof Error ? err.message : String(err), type: body.type });
    if (!acked || body.type === "event_callback") return { status: 500, body: { error: "not_accepted" } };
  }
  const done = acked as { body: unknown } | null;
  return { status: 200, body: done?.body };
}
