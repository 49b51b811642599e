/**
 * The bot's way into the API (DESIGN.md §3 rule 5): Hono's typed client over `fetch`, which in one
 * process is `app.fetch` (no network hop) and split apart is HTTP. Every call speaks for a caller:
 * a chat account (the bot key + X-OPS-Chat-* headers: the API resolves the bound user, with that
 * user's RBAC, data scopes and audit) or a web console user (their own Authorization header).
 */
import type { AppType } from "@ops/api/app.ts";
import type { Envelope, Locale } from "@ops/shared";
import { hc } from "hono/client";
import type { ChatPlatform } from "./port.ts";

/** `command`: what the user sent (or clicked), recorded on the audit rows of the calls it causes. */
export type ChatCaller = { kind: "chat"; platform: ChatPlatform; userId: string; locale?: Locale; command?: string };

export type Caller =
  | ChatCaller
  | { kind: "web"; authorization: string; locale: Locale }
  /** the bot itself, for bot-only routes such as recording message refs */
  | { kind: "bot" };

export type ApiFetch = (request: Request) => Response | Promise<Response>;

/** A failed API call, with the envelope's reason (e.g. `im.unbound`) for the bot's error sink. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly body: Partial<Envelope<unknown>>,
  ) {
    super(message);
    this.name = "ApiCallError";
  }
}

const BASE = "http://ops.internal";

export function createApiClient(opts: { fetch: ApiFetch; botKey: string; baseUrl?: string }) {
  const headersOf = (caller: Caller): Record<string, string> => {
    if (caller.kind === "bot") return { authorization: `Bot ${opts.botKey}` };
    const lang: Record<string, string> = caller.locale ? { "Accept-Language": caller.locale } : {};
    if (caller.kind === "web") return { authorization: caller.authorization, ...lang };
    // Headers are Latin-1 only: the command (often Chinese) travels percent-encoded.
    const command: Record<string, string> = caller.command ? { "x-ops-chat-command": encodeURIComponent(Array.from(caller.command).slice(0, 200).join("")) } : {};
    return { authorization: `Bot ${opts.botKey}`, "x-ops-chat-platform": caller.platform, "x-ops-chat-user": caller.userId, ...command, ...lang };
  };
  // In one process the call is `app.fetch`: pure promise chains with no I/O in between, which would
  // starve the event loop (webhook acks wait behind a worker's whole job). Yield to it first.
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return opts.fetch(new Request(input, init));
  };
  return {
    /** The typed client acting as `caller`. */
    as(caller: Caller) {
      return hc<AppType>(opts.baseUrl ?? BASE, { fetch: fetchFn, headers: headersOf(caller) });
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** Unwraps the envelope of a typed-client response, or throws ApiCallError. */
export async function data<T>(pending: Promise<{ status: number; json(): Promise<unknown> }>): Promise<T> {
  const res = await pending;
  const body = (await res.json().catch(() => ({}))) as Partial<Envelope<T>>;
  if (res.status >= 400 || (body.code !== undefined && body.code !== 0)) {
    throw new ApiCallError(res.status, body.reason ?? `http_${res.status}`, body.message ?? `HTTP ${res.status}`, body);
  }
  return body.data as T;
}
