/**
 * Server side of DingTalk's Stream mode (im-protocols.md §3.1): JSON frames over a WebSocket
 * opened with a one-time ticket; SYSTEM (ping, disconnect), EVENT and CALLBACK frames go down,
 * and the client acks each with `{code, headers: {messageId}, message, data}`.
 */
import type { ServerWebSocket, WebSocketHandler } from "bun";
import { isRecord, Journal, parseJson, type Sequence } from "./chat-server.ts";

export interface StreamSubscription {
  type: string;
  topic: string;
}

export interface StreamSocketData {
  connectionId: string;
  ticket: string;
  subscriptions: StreamSubscription[];
}

export interface StreamConnection {
  id: string;
  ticket: string;
  subscriptions: StreamSubscription[];
  open: boolean;
  closeCode?: number;
}

export interface StreamFrame {
  specVersion: "1.0";
  type: "SYSTEM" | "EVENT" | "CALLBACK";
  headers: Record<string, string>;
  data: string;
}

export interface StreamAck {
  connectionId: string;
  messageId: string;
  code: number;
  message?: string;
  /** The ack's `data` string, parsed: `{response}` for callbacks, `{status, message}` for events. */
  payload: unknown;
  raw: string;
}

export interface PushResult {
  messageId: string;
  connectionId: string;
  frame: StreamFrame;
  /** Resolves with the client's ack; rejects after `ackTimeoutMs` (default 5 s) when none comes. */
  ack: Promise<StreamAck>;
}

export class StreamHub {
  readonly connections = new Journal<StreamConnection>("dingtalk stream connections");
  readonly closed = new Journal<StreamConnection>("dingtalk closed connections");
  readonly frames = new Journal<{ connectionId: string; frame: StreamFrame }>("dingtalk frames sent");
  readonly acks = new Journal<StreamAck>("dingtalk stream acks");
  /** Upstream messages that are not acks (should stay empty). */
  readonly strays = new Journal<{ connectionId: string; raw: string }>("dingtalk stray upstream");
  private readonly sockets = new Map<string, ServerWebSocket<StreamSocketData>>();

  constructor(
    private readonly seq: Sequence,
    private readonly now: () => number,
    private readonly appId: string,
  ) {}

  handler(): WebSocketHandler<StreamSocketData> {
    return {
      open: (ws) => {
        this.sockets.set(ws.data.connectionId, ws);
        this.connections.add({ id: ws.data.connectionId, ticket: ws.data.ticket, subscriptions: ws.data.subscriptions, open: true });
      },
      message: (ws, message) => this.onUpstream(ws.data.connectionId, String(message)),
      close: (ws, code) => {
        this.sockets.delete(ws.data.connectionId);
        const conn = this.connections.items.find((c) => c.id === ws.data.connectionId);
        if (conn) {
          conn.open = false;
          conn.closeCode = code;
          this.closed.add(conn);
        }
      },
    };
  }

  newSocketData(ticket: string, subscriptions: unknown): StreamSocketData {
    const subs = Array.isArray(subscriptions) ? subscriptions.filter(isRecord).map((s) => ({ type: String(s.type), topic: String(s.topic) })) : [];
    return { connectionId: `fake-conn-${this.seq.pad(6)}`, ticket, subscriptions: subs };
  }

  private onUpstream(connectionId: string, raw: string): void {
    const msg = parseJson(raw);
    const headers = isRecord(msg) && isRecord(msg.headers) ? msg.headers : undefined;
    if (!isRecord(msg) || typeof headers?.messageId !== "string") {
      this.strays.add({ connectionId, raw });
      return;
    }
    const data = typeof msg.data === "string" ? msg.data : "";
    this.acks.add({
      connectionId,
      messageId: headers.messageId,
      code: Number(msg.code),
      ...(typeof msg.message === "string" ? { message: msg.message } : {}),
      payload: parseJson(data) ?? data,
      raw,
    });
  }

  /** The open connection that would get a frame: the newest one subscribed to the topic. */
  pick(type: StreamFrame["type"], topic: string, connectionId?: string): string {
    const open = this.connections.items.filter((c) => c.open && (!connectionId || c.id === connectionId));
    const wanted = open.filter((c) => type === "SYSTEM" || c.subscriptions.some((s) => s.type === type && (s.topic === topic || s.topic === "*")));
    const chosen = wanted.at(-1);
    if (!chosen) throw new Error(`dingtalk fake: no open stream connection subscribed to ${type} ${topic}`);
    return chosen.id;
  }

  push(type: StreamFrame["type"], topic: string, data: unknown, opts: { connectionId?: string; headers?: Record<string, string>; ackTimeoutMs?: number } = {}): PushResult {
    const connectionId = this.pick(type, topic, opts.connectionId);
    const messageId = `fake-msg-${this.seq.pad(8)}`;
    const frame: StreamFrame = {
      specVersion: "1.0",
      type,
      headers: { appId: this.appId, connectionId, contentType: "application/json", messageId, time: String(this.now()), topic, ...opts.headers },
      data: typeof data === "string" ? data : JSON.stringify(data),
    };
    const ack = this.acks.waitFor((a) => a.messageId === messageId, { timeoutMs: opts.ackTimeoutMs });
    // Marked handled so an un-awaited ack cannot fail a test run; awaiting it still rejects.
    ack.catch(() => undefined);
    this.sockets.get(connectionId)?.send(JSON.stringify(frame));
    this.frames.add({ connectionId, frame });
    return { messageId, connectionId, frame, ack };
  }

  /** The same frame (same messageId and data) again, as after a missed or late ack. */
  resend(previous: PushResult, opts: { connectionId?: string; ackTimeoutMs?: number } = {}): PushResult {
    const connectionId = this.pick(previous.frame.type, previous.frame.headers.topic ?? "", opts.connectionId);
    const frame = { ...previous.frame, headers: { ...previous.frame.headers, connectionId, time: String(this.now()) } };
    const since = this.acks.mark();
    const ack = this.acks.waitFor((a) => a.messageId === previous.messageId, { since, timeoutMs: opts.ackTimeoutMs });
    ack.catch(() => undefined);
    this.sockets.get(connectionId)?.send(JSON.stringify(frame));
    this.frames.add({ connectionId, frame });
    return { messageId: previous.messageId, connectionId, frame, ack };
  }

  close(connectionId: string, code = 1000, reason = "fake server closed"): void {
    this.sockets.get(connectionId)?.close(code, reason);
  }

  closeAll(): void {
    for (const id of [...this.sockets.keys()]) this.close(id, 1001, "fake stopped");
    for (const j of [this.connections, this.closed, this.frames, this.acks, this.strays]) j.close();
  }
}
