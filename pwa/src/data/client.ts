import type { Envelope } from "@ops/shared/envelope.ts";
import { API_BASE } from "../config.ts";
import { ApiError } from "./api-error.ts";
import { clearTokens, loadTokens, saveTokens } from "./tokens.ts";
import type { TokenData } from "./types.ts";

/**
 * The one way the PWA talks to the API: adds the bearer token and the UI language, unwraps
 * the envelope, turns failures into ApiError, and on a 401 refreshes the tokens once and
 * retries. When the refresh fails too, the session is over and `onAuthLost` runs.
 */
type ClientHooks = {
  locale: () => string;
  onAuthLost: () => void;
  /** the session became restricted (password expired, MFA now required): re-read /auth/me */
  onRestricted: () => void;
  offlineMessage: () => string;
};

let hooks: ClientHooks = { locale: () => "zh-CN", onAuthLost: () => {}, onRestricted: () => {}, offlineMessage: () => "offline" };

const RESTRICTED = new Set(["auth.password_change_required", "auth.mfa_setup_required"]);

export function configureClient(h: ClientHooks): void {
  hooks = h;
}

export type Query = Record<string, string | number | boolean | null | undefined>;
export type RequestOptions = {
  query?: Query;
  body?: unknown;
  auth?: boolean;
  /** a multipart upload instead of a JSON body */
  form?: FormData;
  /** extra request headers (If-Match for optimistic concurrency) */
  headers?: Record<string, string>;
};

export function buildUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  // The API prefers a signed-in user's stored language over Accept-Language; lang= makes the UI choice win.
  params.set("lang", hooks.locale());
  return `${API_BASE}${path}?${params}`;
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers, "Accept-Language": hooks.locale(), Accept: "application/json" };
  const token = opts.auth === false ? null : loadTokens()?.access_token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  // the browser sets the multipart boundary itself
  const body = opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  try {
    return await fetch(buildUrl(path, opts.query), { method, headers, body });
  } catch {
    throw new ApiError(hooks.offlineMessage(), 0, 0, "client.offline");
  }
}

let refreshing: Promise<boolean> | null = null;

/** Single flight: parallel 401s share one refresh (a refresh token works only once). */
function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const refresh_token = loadTokens()?.refresh_token;
    if (!refresh_token) return false;
    const res = await send("POST", "/auth/refresh", { body: { refresh_token }, auth: false });
    if (!res.ok) return false;
    saveTokens(((await res.json()) as Envelope<TokenData>).data);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** The last failed API call: a 5xx's error id, else its request id (the feedback dialog attaches it for support). */
export type ApiFailure = { id: string | null; reason: string; status: number; at: number };
let lastFailure: ApiFailure | null = null;
export const lastApiFailure = (): ApiFailure | null => lastFailure;

async function toError(res: Response): Promise<ApiError> {
  lastFailure = { id: res.headers.get("x-request-id"), reason: "", status: res.status, at: Date.now() };
  try {
    const body = (await res.json()) as Envelope<unknown>;
    lastFailure = { ...lastFailure, id: body.error_id ?? lastFailure.id, reason: body.reason ?? "" };
    return new ApiError(body.message, res.status, body.code, body.reason ?? "", body.errors ?? []);
  } catch {
    return new ApiError(`HTTP ${res.status}`, res.status, res.status * 100 + 1, "client.bad_response");
  }
}

/** Sends and, on a 401 with a session, refreshes once and sends again. */
export async function fetchAuthed(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  let res = await send(method, path, opts);
  if (res.status === 401 && opts.auth !== false && loadTokens()) {
    if (await refreshTokens()) res = await send(method, path, opts);
    if (res.status === 401) {
      clearTokens();
      hooks.onAuthLost();
    }
  }
  return res;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await fetchAuthed(method, path, opts);
  if (!res.ok) {
    const error = await toError(res);
    if (error.status === 403 && RESTRICTED.has(error.reason)) hooks.onRestricted();
    throw error;
  }
  return ((await res.json()) as Envelope<T>).data;
}

/** For downloads (CSV export): the raw body plus the server's file name. */
export async function requestBlob(path: string, query: Query = {}): Promise<{ blob: Blob; filename: string }> {
  const res = await fetchAuthed("GET", path, { query });
  if (!res.ok) throw await toError(res);
  const disposition = res.headers.get("content-disposition") ?? "";
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? "export.csv";
  return { blob: await res.blob(), filename };
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>("GET", path, { query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, "body"> = {}) => request<T>("POST", path, { ...opts, body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
  del: <T>(path: string) => request<T>("DELETE", path),
};
