/**
 * One keep-alive HTTP/1.1 connection that the bench owns (Bun.connect), one request at a time. fetch() pools
 * connections per host and caps requests in flight (BUN_CONFIG_MAX_HTTP_REQUESTS, 256 by default), so "1,000
 * users, each a connection" needs sockets of its own. Bodies are counted, not decoded: a browser's
 * Accept-Encoding is sent so the server compresses as it would for the PWA.
 */
import type { Socket } from "bun";

export type HttpAnswer = { status: number; bytes: number; body: Buffer };
export type HttpConn = {
  request(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<HttpAnswer>;
  close(): void;
  /** settles once the connection is closed (by either side) */
  closed: Promise<void>;
};

type Pending = { resolve(a: HttpAnswer): void; reject(e: Error): void };
const HEADER_END = Buffer.from("\r\n\r\n");
const CRLF = Buffer.from("\r\n");

/** Where the body ends in `buf` (from `start`), or -1 while incomplete; `chunked` bodies are de-chunked into `out`. */
function bodyEnd(buf: Buffer, start: number, length: number | null, chunked: boolean, out: Buffer[]): number {
  if (!chunked) return length === null || buf.length - start >= length ? start + (length ?? 0) : -1;
  let at = start;
  out.length = 0;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, at);
    if (lineEnd < 0) return -1;
    const size = Number.parseInt(buf.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) return buf.length >= lineEnd + 4 ? lineEnd + 4 : -1; // no trailers are sent
    if (buf.length < lineEnd + 2 + size + 2) return -1;
    out.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Opens a connection to `base` (http://host:port). A closed or broken connection fails its request. */
export async function openConnection(base: string): Promise<HttpConn> {
  const url = new URL(base);
  let pending: Pending | null = null;
  let buf = Buffer.alloc(0);
  let unsent: Buffer | null = null;
  // the server ends idle connections (OPS after 120 s): a request on a closed one must fail, not wait forever
  let closed: Error | null = null;
  const ended = Promise.withResolvers<void>();
  const fail = (e: Error) => {
    const p = pending;
    pending = null;
    p?.reject(e);
  };
  const parse = () => {
    const headEnd = buf.indexOf(HEADER_END);
    if (headEnd < 0 || !pending) return;
    const head = buf.subarray(0, headEnd).toString("latin1").split("\r\n");
    const status = Number(head[0]!.split(" ")[1]);
    let length: number | null = null;
    let chunked = false;
    for (const line of head.slice(1)) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === "content-length") length = Number(value);
      if (name === "transfer-encoding" && value.includes("chunked")) chunked = true;
    }
    const chunks: Buffer[] = [];
    const end = bodyEnd(buf, headEnd + 4, status === 204 || status === 304 ? 0 : length, chunked, chunks);
    if (end < 0) return;
    const body = chunked ? Buffer.concat(chunks) : Buffer.from(buf.subarray(headEnd + 4, end));
    buf = buf.subarray(end);
    const p = pending;
    pending = null;
    p.resolve({ status, bytes: body.length, body });
  };
  const socket: Socket = await Bun.connect({
    hostname: url.hostname,
    port: Number(url.port),
    socket: {
      data(_s, data) {
        buf = buf.length ? Buffer.concat([buf, data]) : Buffer.from(data);
        parse();
      },
      drain(s) {
        if (!unsent) return;
        const wrote = s.write(unsent);
        unsent = wrote < unsent.length ? unsent.subarray(wrote) : null;
      },
      close() {
        closed ??= new Error("connection closed");
        fail(closed);
        ended.resolve();
      },
      error(_s, e) {
        closed ??= e;
        fail(e);
      },
    },
  });
  const host = url.host;
  return {
    request(method, path, headers = {}, body) {
      if (closed) return Promise.reject(closed);
      if (pending) return Promise.reject(new Error("one request at a time on a connection"));
      const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
      const lines = [`${method} ${path} HTTP/1.1`, `host: ${host}`, "connection: keep-alive"];
      // a browser's by default; `accept-encoding: identity` where the bench reads the body
      if (!Object.keys(headers).some((k) => k.toLowerCase() === "accept-encoding")) lines.push("accept-encoding: br, gzip");
      for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
      if (body !== undefined) lines.push(`content-length: ${payload.length}`);
      const wire = Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), payload]);
      return new Promise<HttpAnswer>((resolve, reject) => {
        pending = { resolve, reject };
        const wrote = socket.write(wire);
        if (wrote < wire.length) unsent = wire.subarray(Math.max(0, wrote));
      });
    },
    close() {
      socket.end();
    },
    closed: ended.promise,
  };
}
