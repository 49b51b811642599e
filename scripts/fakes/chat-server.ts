/**
 * Plumbing shared by the Slack, Feishu and DingTalk stand-ins: a loopback Bun server on an
 * ephemeral port, a journal of what a fake received that tests can await (no sleeps), and a
 * sender that POSTs an inbound callback to the code under test and reports the ack.
 */
import type { Server, WebSocketHandler } from "bun";

export interface HttpFake {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  server: Server<unknown>;
  stop(): Promise<void>;
}

export async function serveFake<W = undefined>(opts: {
  port?: number;
  fetch: (req: Request, server: Server<W>) => Response | Promise<Response> | undefined | Promise<Response | undefined>;
  websocket?: WebSocketHandler<W>;
}): Promise<HttpFake> {
  const server = Bun.serve<W>({
    port: opts.port ?? 0,
    hostname: "127.0.0.1",
    // A fake must answer whatever the SDK sends; errors become a 500 the SDK reports.
    fetch: opts.fetch as (req: Request, server: Server<W>) => Response | Promise<Response>,
    error: (err) => Response.json({ fake_error: String(err) }, { status: 500 }),
    ...(opts.websocket ? { websocket: opts.websocket } : {}),
  } as Parameters<typeof Bun.serve<W>>[0]);
  const port = server.port ?? 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server: server as unknown as Server<unknown>,
    stop: async () => {
      await server.stop(true);
    },
  };
}

interface Waiter<T> {
  pred: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** An append-only record that tests can inspect now or await later. */
export class Journal<T> {
  readonly items: T[] = [];
  private waiters: Waiter<T>[] = [];
  private listeners: Array<(item: T) => void> = [];

  constructor(private readonly label: string) {}

  add(item: T): T {
    this.items.push(item);
    for (const listener of this.listeners) listener(item);
    for (const w of [...this.waiters]) {
      if (w.pred(item)) {
        this.drop(w);
        w.resolve(item);
      }
    }
    return item;
  }

  /** Calls `listener` for every later item (e.g. to log when a fake runs by hand). */
  subscribe(listener: (item: T) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Position to pass as `since` so that only later items match. */
  mark(): number {
    return this.items.length;
  }

  /**
   * Resolves with the first item (at or after `since`) matching `pred`, now or when it arrives.
   * The timeout only turns a hang into a readable failure; it is not a delay.
   */
  waitFor(pred: (item: T) => boolean = () => true, opts: { since?: number; timeoutMs?: number } = {}): Promise<T> {
    const found = this.items.slice(opts.since ?? 0).find(pred);
    if (found !== undefined) return Promise.resolve(found);
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.drop(waiter);
          const recent = JSON.stringify(this.items.slice(-3)).slice(0, 1500);
          reject(new Error(`${this.label}: nothing matched within ${timeoutMs} ms; last recorded: ${recent}`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Rejects pending waiters, so a stopped fake never leaves a test hanging. */
  close(): void {
    for (const w of [...this.waiters]) {
      this.drop(w);
      w.reject(new Error(`${this.label}: fake stopped`));
    }
  }

  private drop(w: Waiter<T>): void {
    clearTimeout(w.timer);
    this.waiters = this.waiters.filter((x) => x !== w);
  }
}

/** What the code under test answered to an inbound callback. */
export interface InboundResult {
  /** HTTP status; 0 when the target did not answer within the platform's ack window. */
  status: number;
  timedOut: boolean;
  elapsedMs: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it was JSON. */
  json: unknown;
  /** Exactly what was sent, so a test can replay it (duplicate delivery, retries). */
  sent: { url: string; headers: Record<string, string>; body: string };
}

export async function postInbound(
  url: string,
  headers: Record<string, string>,
  body: string,
  ackWindowMs: number,
): Promise<InboundResult> {
  const sent = { url, headers, body };
  const started = performance.now();
  try {
    const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(ackWindowMs) });
    const text = await res.text();
    return {
      status: res.status,
      timedOut: false,
      elapsedMs: performance.now() - started,
      headers: Object.fromEntries(res.headers.entries()),
      text,
      json: parseJson(text),
      sent,
    };
  } catch (err) {
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      return { status: 0, timedOut: true, elapsedMs: performance.now() - started, headers: {}, text: "", json: undefined, sent };
    }
    throw err;
  }
}

export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads a request body as the platforms' SDKs send it: JSON or form-urlencoded. */
export async function readBody(req: Request): Promise<{ raw: string; fields: Record<string, unknown> }> {
  const raw = await req.text();
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) {
    return { raw, fields: Object.fromEntries(new URLSearchParams(raw).entries()) };
  }
  const parsed = parseJson(raw);
  return { raw, fields: parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {} };
}

export function bearer(req: Request): string | undefined {
  const h = req.headers.get("authorization") ?? "";
  return h.startsWith("Bearer ") ? h.slice(7) : undefined;
}

/** Deterministic ids: one counter per fake instance, never global. */
export class Sequence {
  private n = 0;
  next(): number {
    this.n += 1;
    return this.n;
  }
  pad(width = 6): string {
    return String(this.next()).padStart(width, "0");
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Named actions a developer can trigger by hand: `curl -X POST <fake>/_fake/<name> -d '{...}'`. */
export type ControlHandlers = Record<string, (body: Record<string, unknown>) => unknown>;

export async function handleControl(req: Request, handlers: ControlHandlers): Promise<Response | undefined> {
  const path = new URL(req.url).pathname;
  if (!path.startsWith("/_fake/")) return undefined;
  const name = path.slice("/_fake/".length);
  const handler = handlers[name];
  if (!handler) return Response.json({ error: `unknown control "${name}"`, available: Object.keys(handlers) }, { status: 404 });
  const body = req.method === "POST" ? parseJson(await req.text()) : undefined;
  try {
    return Response.json((await handler(isRecord(body) ? body : {})) ?? { ok: true });
  } catch (err) {
    return Response.json({ error: String(err) }, { status: 400 });
  }
}
