/**
 * Server side of Feishu's long connection (the node SDK's WSClient, im-protocols.md §2.8):
 * endpoint discovery, then protobuf `pbbp2.Frame`s over a WebSocket. Control frames carry
 * ping/pong; data frames carry a plaintext event envelope and come back as the ack, with
 * payload `{"code":200,"data":base64(JSON(handler result))}`.
 */
import type { ServerWebSocket, WebSocketHandler } from "bun";
import { isRecord, Journal, parseJson, type Sequence } from "./chat-server.ts";

export interface LarkFrame {
  SeqID: number;
  LogID: number;
  service: number;
  /** 0 = control (ping/pong), 1 = data (event/card). */
  method: number;
  headers: Array<{ key: string; value: string }>;
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

// --- a minimal protobuf codec for pbbp2.Frame (varint and length-delimited fields only) ---

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 127) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function lenField(field: number, bytes: Uint8Array): number[] {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export function encodeFrame(f: LarkFrame): Uint8Array {
  const out: number[] = [8, ...varint(f.SeqID), 16, ...varint(f.LogID), 24, ...varint(f.service), 32, ...varint(f.method)];
  for (const h of f.headers) out.push(...lenField(5, new Uint8Array([...lenField(1, utf8(h.key)), ...lenField(2, utf8(h.value))])));
  if (f.payloadEncoding !== undefined) out.push(...lenField(6, utf8(f.payloadEncoding)));
  if (f.payloadType !== undefined) out.push(...lenField(7, utf8(f.payloadType)));
  if (f.payload !== undefined) out.push(...lenField(8, f.payload));
  if (f.LogIDNew !== undefined) out.push(...lenField(9, utf8(f.LogIDNew)));
  return new Uint8Array(out);
}

function readFields(buf: Uint8Array, each: (field: number, value: number | Uint8Array) => void): void {
  let i = 0;
  const readVarint = () => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = buf[i++] ?? 0;
      result += (b & 127) * scale;
      if (b < 128) return result;
      scale *= 128;
    }
  };
  while (i < buf.length) {
    const tag = readVarint();
    if ((tag & 7) === 0) each(tag >> 3, readVarint());
    else if ((tag & 7) === 2) {
      const len = readVarint();
      each(tag >> 3, buf.subarray(i, i + len));
      i += len;
    } else throw new Error(`pbbp2: unsupported wire type ${tag & 7}`);
  }
}

export function decodeFrame(buf: Uint8Array): LarkFrame {
  const f: LarkFrame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  const text = (v: number | Uint8Array) => (typeof v === "number" ? String(v) : new TextDecoder().decode(v));
  readFields(buf, (field, v) => {
    if (field === 1) f.SeqID = Number(v);
    else if (field === 2) f.LogID = Number(v);
    else if (field === 3) f.service = Number(v);
    else if (field === 4) f.method = Number(v);
    else if (field === 5 && typeof v !== "number") {
      const h = { key: "", value: "" };
      readFields(v, (hf, hv) => (hf === 1 ? (h.key = text(hv)) : (h.value = text(hv))));
      f.headers.push(h);
    } else if (field === 6) f.payloadEncoding = text(v);
    else if (field === 7) f.payloadType = text(v);
    else if (field === 8 && typeof v !== "number") f.payload = new Uint8Array(v);
    else if (field === 9) f.LogIDNew = text(v);
  });
  return f;
}

// --- the socket hub ---

export const LARK_CLIENT_CONFIG = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };

export interface LarkWsData {
  connectionId: string;
  deviceId: string;
}

export interface LarkWsConnection {
  id: string;
  deviceId: string;
  open: boolean;
}

export interface LarkWsAck {
  connectionId: string;
  messageId: string;
  /** 200, or 500 when the handler threw. */
  code: number;
  /** The handler's result (decoded from the base64 `data`), if any. */
  result: unknown;
}

export interface LarkWsPush {
  messageId: string;
  connectionId: string;
  ack: Promise<LarkWsAck>;
}

export class LarkWsHub {
  readonly connections = new Journal<LarkWsConnection>("feishu ws connections");
  readonly acks = new Journal<LarkWsAck>("feishu ws acks");
  readonly pings = new Journal<{ connectionId: string }>("feishu ws pings");
  readonly devices = new Set<string>();
  private readonly sockets = new Map<string, ServerWebSocket<LarkWsData>>();

  constructor(private readonly seq: Sequence) {}

  handler(): WebSocketHandler<LarkWsData> {
    return {
      open: (ws) => {
        this.sockets.set(ws.data.connectionId, ws);
        this.connections.add({ id: ws.data.connectionId, deviceId: ws.data.deviceId, open: true });
      },
      message: (ws, message) => this.onUpstream(ws, typeof message === "string" ? utf8(message) : new Uint8Array(message)),
      close: (ws) => {
        this.sockets.delete(ws.data.connectionId);
        const conn = this.connections.items.find((c) => c.id === ws.data.connectionId);
        if (conn) conn.open = false;
      },
    };
  }

  private onUpstream(ws: ServerWebSocket<LarkWsData>, bytes: Uint8Array): void {
    const frame = decodeFrame(bytes);
    const header = (k: string) => frame.headers.find((h) => h.key === k)?.value;
    if (frame.method === 0 && header("type") === "ping") {
      this.pings.add({ connectionId: ws.data.connectionId });
      const pong = { ...frame, headers: [{ key: "type", value: "pong" }], payload: utf8(JSON.stringify(LARK_CLIENT_CONFIG)) };
      ws.send(encodeFrame(pong));
      return;
    }
    const body = parseJson(new TextDecoder().decode(frame.payload ?? new Uint8Array()));
    const data = isRecord(body) && typeof body.data === "string" ? parseJson(Buffer.from(body.data, "base64").toString("utf8")) : undefined;
    this.acks.add({ connectionId: ws.data.connectionId, messageId: header("message_id") ?? "", code: isRecord(body) ? Number(body.code) : 0, result: data });
  }

  /** A data frame (`type` "event", or "card", which the 1.74 WSClient drops) to the newest open connection. */
  push(envelope: Record<string, unknown>, opts: { type?: "event" | "card"; connectionId?: string; ackTimeoutMs?: number } = {}): LarkWsPush {
    const conn = this.connections.items.filter((c) => c.open && (!opts.connectionId || c.id === opts.connectionId)).at(-1);
    const socket = conn ? this.sockets.get(conn.id) : undefined;
    if (!conn || !socket) throw new Error("feishu fake: no open long connection");
    const messageId = `fake_ws_msg_${this.seq.pad(8)}`;
    const headers = [
      { key: "type", value: opts.type ?? "event" },
      { key: "message_id", value: messageId },
      { key: "sum", value: "1" },
      { key: "seq", value: "0" },
      { key: "trace_id", value: `fake-trace-${this.seq.pad(6)}` },
    ];
    const ack = this.acks.waitFor((a) => a.messageId === messageId, { timeoutMs: opts.ackTimeoutMs });
    ack.catch(() => undefined);
    socket.send(encodeFrame({ SeqID: 0, LogID: 0, service: 1, method: 1, headers, payload: utf8(JSON.stringify(envelope)) }));
    return { messageId, connectionId: conn.id, ack };
  }

  closeAll(): void {
    for (const ws of this.sockets.values()) ws.close(1001, "fake stopped");
    for (const j of [this.connections, this.acks, this.pings]) j.close();
  }
}
