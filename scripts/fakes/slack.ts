/**
 * Slack stand-in: the Web API methods the bot calls (point `slackApiUrl` at `fake.apiUrl`), a
 * response_url sink, and senders that deliver signed slash commands, interactivity payloads and
 * Events API envelopes to the code under test exactly as Slack does.
 *
 *   bun scripts/fakes/slack.ts     # prints its URLs and credentials, serves until Ctrl-C
 */
import { bearer, type ControlHandlers, handleControl, type InboundResult, isRecord, type Journal, parseJson, postInbound, readBody, serveFake } from "./chat-server.ts";
import { slackHeaders, type SlackSignOptions } from "./signing/slack.ts";
import { applySlashAckPayload, type SlackSocketAck, type SlackSocketConnection, type SlackSocketData, type SlackSocketDriver, SlackSocketHub, socketDriver } from "./slack-socket.ts";
import {
  applyResponse,
  type BlockActionInput,
  blockActionPayload,
  eventEnvelope,
  type SlashCommandInput,
  slashCommandBody,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from "./slack-inbound.ts";
import {
  type SlackApiCall,
  type SlackEphemeral,
  type SlackFakeOptions,
  type SlackInjectedFailure,
  type SlackMessage,
  type SlackResponsePost,
  type SlackUser,
  SlackWorkspace,
} from "./slack-workspace.ts";

export type { BlockActionInput, SlashCommandInput, ViewSubmissionInput } from "./slack-inbound.ts";
export type { SlackEnvelope, SlackEnvelopeType, SlackSocketAck, SlackSocketConnection, SlackSocketDriver } from "./slack-socket.ts";
export type { SlackApiCall, SlackEphemeral, SlackFakeOptions, SlackInjectedFailure, SlackMessage, SlackResponsePost, SlackUser } from "./slack-workspace.ts";
export { SLACK_MAX_BLOCKS, SLACK_MAX_TEXT } from "./slack-workspace.ts";

/** Per-send options: signature forgery/staleness, retry headers and the 3 s ack window. */
export interface SlackSendOptions extends SlackSignOptions {
  ackWindowMs?: number;
}

export interface SlackFake extends SlackSocketDriver {
  url: string;
  /** Pass as `clientOptions.slackApiUrl` (Bolt) or `slackApiUrl` (WebClient). */
  apiUrl: string;
  botToken: string;
  /** The app-level token for Socket Mode (`appToken` in Bolt). */
  appToken: string;
  signingSecret: string;
  verificationToken: string;
  teamId: string;
  botUserId: string;
  botId: string;
  appId: string;
  /** Every message the bot has in channels, with its edit history (`history`). */
  messages: Journal<SlackMessage>;
  /** One entry per edit (chat.update or response_url replace_original); the item is the live message. */
  edits: Journal<SlackMessage>;
  ephemerals: Journal<SlackEphemeral>;
  /** Every Web API call with its arguments (blocks already JSON-parsed) and the answer. */
  calls: Journal<SlackApiCall>;
  /** Every POST to a response_url, with what the fake answered. */
  responses: Journal<SlackResponsePost>;
  views: Journal<{ trigger_id: string; view: Record<string, unknown> }>;
  /** Socket Mode: every socket opened with a ticket from `apps.connections.open`, and every ack. */
  socketConnections: Journal<SlackSocketConnection>;
  /** Each socket again when it closed (await it after stopping a client). */
  socketClosed: Journal<SlackSocketConnection>;
  socketAcks: Journal<SlackSocketAck>;
  workspace: SlackWorkspace;
  message(channel: string, ts: string): SlackMessage | undefined;
  messagesIn(channel: string): SlackMessage[];
  addChannel(id: string): void;
  addUser(user: SlackUser): void;
  /** Makes the next `times` calls of `method` fail (e.g. `{error: "ratelimited", status: 429}`). */
  failNext(method: string, failure: SlackInjectedFailure, times?: number): void;
  newTriggerId(): string;
  newResponseUrl(channel: string, user: string, messageTs?: string): string;
  sendSlashCommand(targetUrl: string, input: SlashCommandInput, opts?: SlackSendOptions): Promise<InboundResult>;
  sendBlockAction(targetUrl: string, input: BlockActionInput, opts?: SlackSendOptions): Promise<InboundResult>;
  sendViewSubmission(targetUrl: string, input: ViewSubmissionInput, opts?: SlackSendOptions): Promise<InboundResult>;
  /** Events API delivery; reuse `eventId` with `retryNum`/`retryReason` to model a redelivery. */
  sendEvent(targetUrl: string, event: Record<string, unknown>, opts?: SlackSendOptions & { eventId?: string | null }): Promise<InboundResult>;
  sendUrlVerification(targetUrl: string, challenge?: string, opts?: SlackSendOptions): Promise<InboundResult>;
  /** Sends an earlier request's exact body again, freshly signed (pass `retryNum`/`retryReason` for Events API retries). */
  redeliver(previous: InboundResult, opts?: SlackSendOptions): Promise<InboundResult>;
  stop(): Promise<void>;
}

const FORM = "application/x-www-form-urlencoded";
const SLACK_ACK_WINDOW_MS = 3000;

export async function startSlackFake(opts: SlackFakeOptions = {}): Promise<SlackFake> {
  const ws = new SlackWorkspace(opts);
  const signingSecret = opts.signingSecret ?? "fake-signing-secret";
  const verificationToken = opts.verificationToken ?? "fake-verification-token";
  let control: ControlHandlers = {};
  const hub = new SlackSocketHub(opts.appToken ?? "xapp-1-A0000APP1-fake-app-token", ws.appId, ws.seq);

  const http = await serveFake<SlackSocketData>({
    port: opts.port,
    websocket: hub.handler(),
    fetch: async (req, server) => {
      const url = new URL(req.url);
      const path = url.pathname;
      if (hub.isLink(path)) return hub.upgrade(req, server);
      const controlled = await handleControl(req, control);
      if (controlled) return controlled;
      if (req.method === "POST" && path === "/api/apps.connections.open") {
        const { fields } = await readBody(req);
        const token = bearer(req) ?? (typeof fields.token === "string" ? fields.token : undefined);
        const response = hub.open(url.origin, token);
        ws.calls.add({ method: "apps.connections.open", args: {}, token, response });
        return Response.json(response);
      }
      if (req.method === "POST" && path.startsWith("/api/")) {
        const { fields } = await readBody(req);
        const { token, ...args } = fields;
        const parsed = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, k === "blocks" || k === "view" ? (typeof v === "string" ? (parseJson(v) ?? v) : v) : v]));
        const out = ws.call(path.slice(5), parsed, bearer(req) ?? (typeof token === "string" ? token : undefined));
        return Response.json(out.body, { status: out.status, headers: out.headers });
      }
      if (req.method === "POST" && path.startsWith("/response/")) {
        const body = parseJson(await req.text());
        const post = applyResponse(ws, path.slice(10), isRecord(body) ? body : {}, "response_url");
        return Response.json(post.error ? { ok: false, error: post.error } : { ok: true }, { status: post.status });
      }
      return Response.json({ ok: false, error: "unknown_method" }, { status: 404 });
    },
  });

  const send = (target: string, body: string, type: string, o: SlackSendOptions = {}) =>
    postInbound(target, slackHeaders(signingSecret, Math.floor(ws.now() / 1000), body, type, o), body, o.ackWindowMs ?? SLACK_ACK_WINDOW_MS);
  const payloadForm = (payload: Record<string, unknown>) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

  const fake: SlackFake = {
    url: http.url,
    apiUrl: `${http.url}/api/`,
    botToken: ws.botToken,
    appToken: hub.appToken,
    signingSecret,
    verificationToken,
    teamId: ws.teamId,
    botUserId: ws.botUserId,
    botId: ws.botId,
    appId: ws.appId,
    messages: ws.messages,
    edits: ws.edits,
    ephemerals: ws.ephemerals,
    calls: ws.calls,
    responses: ws.responses,
    views: ws.views,
    socketConnections: hub.connections,
    socketClosed: hub.closed,
    socketAcks: hub.acks,
    ...socketDriver(hub, ws, () => http.url, verificationToken),
    workspace: ws,
    message: (channel, ts) => ws.findMessage(channel, ts),
    messagesIn: (channel) => ws.messages.items.filter((m) => m.channel === channel),
    addChannel: (id) => void ws.channels.add(id),
    addUser: (user) => void ws.users.set(user.id, user),
    failNext: (method, failure, times = 1) => ws.failures.set(method, [...(ws.failures.get(method) ?? []), ...Array.from({ length: times }, () => failure)]),
    newTriggerId: () => ws.newTriggerId(),
    newResponseUrl: (channel, user, messageTs) => ws.newResponseTarget(http.url, channel, user, messageTs),
    async sendSlashCommand(target, input, o) {
      const body = slashCommandBody(ws, http.url, verificationToken, input);
      const result = await send(target, body, FORM, o);
      applySlashAck(ws, body, result);
      return result;
    },
    sendBlockAction: (target, input, o) => send(target, payloadForm(blockActionPayload(ws, http.url, verificationToken, input)), FORM, o),
    sendViewSubmission: (target, input, o) => send(target, payloadForm(viewSubmissionPayload(ws, verificationToken, input)), FORM, o),
    sendEvent: (target, event, o = {}) => send(target, JSON.stringify(eventEnvelope(ws, verificationToken, event, o.eventId)), "application/json", o),
    sendUrlVerification: (target, challenge, o) =>
      send(target, JSON.stringify({ token: verificationToken, challenge: challenge ?? `challenge-${ws.seq.pad(6)}`, type: "url_verification" }), "application/json", o),
    redeliver: (previous, o) => send(previous.sent.url, previous.sent.body, previous.sent.headers["content-type"] ?? "application/json", o),
    async stop() {
      hub.closeAll();
      for (const j of [ws.messages, ws.edits, ws.ephemerals, ws.calls, ws.responses, ws.views]) j.close();
      await http.stop();
    },
  };
  control = {
    state: () => ({ messages: ws.messages.items, ephemerals: ws.ephemerals.items, responses: ws.responses.items, views: ws.views.items }),
    slash: (b) => fake.sendSlashCommand(String(b.target), b as unknown as SlashCommandInput),
    action: (b) => fake.sendBlockAction(String(b.target), b as unknown as BlockActionInput),
    event: (b) => fake.sendEvent(String(b.target), isRecord(b.event) ? b.event : {}),
    "socket-slash": (b) => fake.pushSlashCommand(b as unknown as SlashCommandInput),
    "socket-event": (b) => fake.pushEvent(isRecord(b.event) ? b.event : {}),
  };
  return fake;
}

/** A slash command acked over HTTP with a JSON message shows it (in_channel) or to the caller (ephemeral). */
function applySlashAck(ws: SlackWorkspace, body: string, result: InboundResult): void {
  if (result.status === 200) applySlashAckPayload(ws, new URLSearchParams(body).get("response_url") ?? "", result.json);
}

export const start = startSlackFake;

if (import.meta.main) {
  const fake = await startSlackFake({ port: Number(process.env.PORT ?? 0) });
  console.log(`Slack fake on ${fake.url}`);
  console.log(`  slackApiUrl:    ${fake.apiUrl}`);
  console.log(`  bot token:      ${fake.botToken}`);
  console.log(`  signing secret: ${fake.signingSecret}`);
  console.log(`  app token:      ${fake.appToken} (Socket Mode)`);
  console.log(`  channel:        ${[...fake.workspace.channels].join(", ")}`);
  fake.calls.subscribe((c) => console.log(`${c.method} ${JSON.stringify(c.args).slice(0, 200)} -> ${JSON.stringify(c.response).slice(0, 120)}`));
  fake.responses.subscribe((r) => console.log(`response_url ${r.id} ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`));
  process.on("SIGINT", () => void fake.stop().then(() => process.exit(0)));
}
