/**
 * Server side of Slack's Socket Mode (im-protocols.md §1.5): `apps.connections.open` (app-level
 * `xapp-` token) hands out a one-time `ws://` URL; the socket greets with `hello`, then carries
 * envelopes `{type: events_api|slash_commands|interactive, envelope_id, payload, accepts_response_payload}`,
 * and the app acks each with `{envelope_id, payload?}`.
 */
import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import { isRecord, Journal, parseJson, type Sequence } from "./chat-server.ts";
import { applyResponse, type BlockActionInput, blockActionPayload, eventEnvelope, type SlashCommandInput, slashCommandBody } from "./slack-inbound.ts";
import type { SlackWorkspace } from "./slack-workspace.ts";

export type SlackEnvelopeType = "events_api" | "slash_commands" | "interactive";

export interface SlackSocketData {
  connectionId: string;
  ticket: string;
}

export interface SlackSocketConnection {
  id: string;
  ticket: string;
  open: boolean;
  closeCode?: number;
}

export interface SlackEnvelope {
  type: SlackEnvelopeType;
  envelope_id: string;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SlackSocketAck {
  connectionId: string;
  envelope_id: string;
  /** What the app put in the ack (`{}` for a bare `ack()`), when anything. */
  payload?: unknown;
  raw: string;
}

export interface SlackSocketPush {
  envelope: SlackEnvelope;
  connectionId: string;
  /** Resolves with the app's ack; rejects after `ackTimeoutMs` (default 5 s) when none comes. */
  ack: Promise<SlackSocketAck>;
}

const LINK_PATH = "/link/";

export class SlackSocketHub {
  readonly connections = new Journal<SlackSocketConnection>("slack socket connections");
  /** Each connection again when it closes (the item in `connections` is updated in place too). */
  readonly closed = new Journal<SlackSocketConnection>("slack closed socket connections");
  readonly envelopes = new Journal<{ connectionId: string; envelope: SlackEnvelope }>("slack socket envelopes");
  readonly acks = new Journal<SlackSocketAck>("slack socket acks");
  /** Upstream messages that are not acks (should stay empty). */
  readonly strays = new Journal<{ connectionId: string; raw: string }>("slack socket stray upstream");
  private readonly sockets = new Map<string, ServerWebSocket<SlackSocketData>>();
  private readonly tickets = new Set<string>();

  constructor(
    readonly appToken: string,
    private readonly appId: string,
    private readonly seq: Sequence,
  ) {}

  /** `apps.connections.open`: only the app-level token may open a socket. */
  open(baseUrl: string, token: string | undefined): Record<string, unknown> {
    if (!token) return { ok: false, error: "not_authed" };
    if (token.startsWith("xoxb-")) return { ok: false, error: "not_allowed_token_type" };
    if (token !== this.appToken) return { ok: false, error: "invalid_auth" };
    const ticket = `fake-ticket-${this.seq.pad(6)}`;
    this.tickets.add(ticket);
    return { ok: true, url: `${baseUrl.replace(/^http/, "ws")}${LINK_PATH}?ticket=${ticket}` };
  }

  /** Upgrades a request for a ticket handed out by `open`, once. */
  upgrade(req: Request, server: Server<SlackSocketData>): Response | undefined {
    const url = new URL(req.url);
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== LINK_PATH || !this.tickets.delete(ticket)) return new Response("invalid ticket", { status: 401 });
    const data: SlackSocketData = { connectionId: `fake-sock-${this.seq.pad(6)}`, ticket };
    return server.upgrade(req, { data }) ? undefined : new Response("upgrade failed", { status: 400 });
  }

  isLink(path: string): boolean {
    return path === LINK_PATH || path === LINK_PATH.slice(0, -1);
  }

  handler(): WebSocketHandler<SlackSocketData> {
    return {
      open: (ws) => {
        this.sockets.set(ws.data.connectionId, ws);
        this.connections.add({ id: ws.data.connectionId, ticket: ws.data.ticket, open: true });
        const info = { host: "fake-slack", build_number: 1, approximate_connection_time: 18060 };
        ws.send(JSON.stringify({ type: "hello", num_connections: this.sockets.size, debug_info: info, connection_info: { app_id: this.appId } }));
      },
      message: (ws, message) => this.onUpstream(ws.data.connectionId, String(message)),
      close: (ws, code) => {
        this.sockets.delete(ws.data.connectionId);
        const conn = this.connections.items.find((c) => c.id === ws.data.connectionId);
        if (conn) this.closed.add(Object.assign(conn, { open: false, closeCode: code }));
      },
    };
  }

  private onUpstream(connectionId: string, raw: string): void {
    const msg = parseJson(raw);
    if (!isRecord(msg) || typeof msg.envelope_id !== "string") {
      this.strays.add({ connectionId, raw });
      return;
    }
    this.acks.add({ connectionId, envelope_id: msg.envelope_id, ...("payload" in msg ? { payload: msg.payload } : {}), raw });
  }

  /** Sends an envelope to the newest open socket (throws when none is open, as Slack would not deliver). */
  push(type: SlackEnvelopeType, payload: Record<string, unknown>, opts: { retryAttempt?: number; retryReason?: string; ackTimeoutMs?: number } = {}): SlackSocketPush {
    const connectionId = this.connections.items.filter((c) => c.open).at(-1)?.id;
    if (!connectionId) throw new Error("slack fake: no open Socket Mode connection");
    const envelope: SlackEnvelope = {
      type,
      envelope_id: `fake-env-${this.seq.pad(8)}`,
      payload,
      // Slack lets events_api acks carry nothing; commands and interactivity may answer with a payload.
      accepts_response_payload: type !== "events_api",
      ...(type === "events_api" ? { retry_attempt: opts.retryAttempt ?? 0, retry_reason: opts.retryReason ?? "" } : {}),
    };
    const ack = this.acks.waitFor((a) => a.envelope_id === envelope.envelope_id, { since: this.acks.mark(), timeoutMs: opts.ackTimeoutMs });
    // Marked handled so an un-awaited ack cannot fail a test run; awaiting it still rejects.
    ack.catch(() => undefined);
    this.sockets.get(connectionId)?.send(JSON.stringify(envelope));
    this.envelopes.add({ connectionId, envelope });
    return { envelope, connectionId, ack };
  }

  /** Slack's `disconnect` frame (e.g. `refresh_requested`): the client should reconnect. */
  sendDisconnect(reason = "refresh_requested"): void {
    for (const ws of this.sockets.values()) ws.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "fake-slack" } }));
  }

  closeAll(): void {
    for (const ws of [...this.sockets.values()]) ws.close(1001, "fake stopped");
    for (const j of [this.connections, this.closed, this.envelopes, this.acks, this.strays]) j.close();
  }
}

/** What the Slack fake offers tests for Socket Mode; each push resolves with the app's ack. */
export interface SlackSocketDriver {
  pushSlashCommand(input: SlashCommandInput, opts?: { ackTimeoutMs?: number }): Promise<SlackSocketAck>;
  pushBlockAction(input: BlockActionInput, opts?: { ackTimeoutMs?: number }): Promise<SlackSocketAck>;
  /** Reuse `eventId` with `retryAttempt`/`retryReason` to model a redelivery. */
  pushEvent(event: Record<string, unknown>, opts?: { eventId?: string | null; retryAttempt?: number; retryReason?: string; ackTimeoutMs?: number }): Promise<SlackSocketAck>;
  sendSocketDisconnect(reason?: string): void;
}

export function socketDriver(hub: SlackSocketHub, ws: SlackWorkspace, baseUrl: () => string, verificationToken: string): SlackSocketDriver {
  return {
    async pushSlashCommand(input, opts = {}) {
      // Socket Mode carries the slash command's form fields as a JSON object.
      const fields = Object.fromEntries(new URLSearchParams(slashCommandBody(ws, baseUrl(), verificationToken, input)).entries());
      const ack = await hub.push("slash_commands", fields, opts).ack;
      applySlashAckPayload(ws, fields.response_url ?? "", ack.payload);
      return ack;
    },
    pushBlockAction: async (input, opts = {}) => hub.push("interactive", blockActionPayload(ws, baseUrl(), verificationToken, input), opts).ack,
    pushEvent: async (event, opts = {}) => hub.push("events_api", eventEnvelope(ws, verificationToken, event, opts.eventId), opts).ack,
    sendSocketDisconnect: (reason) => hub.sendDisconnect(reason),
  };
}

/** A slash command acked with a JSON message shows it (in_channel) or to the caller (ephemeral). */
export function applySlashAckPayload(ws: SlackWorkspace, responseUrl: string, payload: unknown): void {
  if (!isRecord(payload) || (payload.text === undefined && payload.blocks === undefined)) return;
  applyResponse(ws, responseUrl.slice(responseUrl.lastIndexOf("/") + 1), payload, "ack");
}
