import { expect } from "vitest";
import type { TestSystem } from "../../../../testing/harness.ts";

export const PUBLIC_URL = "http://ops.test";

export type Started = { location: URL; binding: string | undefined };

/** GET /auth/sso/{provider}/start: where OPS sends the browser, and the binding cookie it set. */
export async function startSignIn(s: TestSystem, provider: string, redirect?: string): Promise<Started> {
  const query = redirect === undefined ? "" : `?redirect=${encodeURIComponent(redirect)}`;
  const r = await s.req("GET", `/api/v1/auth/sso/${provider}/start${query}`);
  expect(r.status).toBe(302);
  return { location: new URL(r.headers.get("location")!), binding: /ops_sso_binding=([^;]+)/.exec(r.headers.get("set-cookie") ?? "")?.[1] };
}

/** Plays the browser at the stand-in's authorize page: approves as `user` and returns where it sends the browser back. */
export async function approveAs(location: URL, user: string): Promise<URL> {
  const url = new URL(location);
  url.searchParams.set("user", user);
  const r = await fetch(url, { redirect: "manual" });
  expect(r.status, await r.clone().text()).toBe(302);
  return new URL(r.headers.get("location")!);
}

/** Feeds the platform's redirect back into OPS (in-process) and returns the login page URL it answers with. */
export async function finishSignIn(s: TestSystem, back: URL, binding: string | undefined): Promise<URL> {
  const r = await s.req("GET", `${back.pathname}${back.search}`, { headers: binding ? { cookie: `ops_sso_binding=${binding}` } : {} });
  expect(r.status).toBe(302);
  return new URL(r.headers.get("location")!, PUBLIC_URL);
}

export const fragment = (url: URL) => new URLSearchParams(url.hash.slice(1));

/** start → approve at the stand-in → callback: the login page URL (`#sso_ticket=` or `#sso_error=`). */
export async function signInVia(s: TestSystem, provider: string, user: string): Promise<URL> {
  const started = await startSignIn(s, provider);
  return finishSignIn(s, await approveAs(started.location, user), started.binding);
}

export async function exchangeTicket(s: TestSystem, landing: URL) {
  return s.req("POST", "/api/v1/auth/sso/exchange", { body: { ticket: fragment(landing).get("sso_ticket") } });
}

/** The username the tokens of a finished sign-in belong to. */
export async function whoSignedIn(s: TestSystem, landing: URL): Promise<string> {
  const r = await exchangeTicket(s, landing);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const me = await s.req("GET", "/api/v1/auth/me", { token: r.body.data.access_token });
  return me.body.data.username as string;
}

/** What the bot's request for this chat account resolves to (the username, or null when unbound). */
export async function botSees(s: TestSystem, platform: string, externalUserId: string): Promise<string | null> {
  const r = await s.req("GET", "/api/v1/auth/me", {
    headers: { authorization: `Bot ${s.system.botKey}`, "x-ops-chat-platform": platform, "x-ops-chat-user": externalUserId },
  });
  return r.status === 200 ? (r.body.data.username as string) : null;
}

export async function lastLogin(s: TestSystem, provider: string) {
  return s.system.db.get<{ username: string; success: number; reason: string | null }>(
    "SELECT username, success, reason FROM login_logs WHERE provider = ? ORDER BY ts DESC, id DESC LIMIT 1", [provider],
  );
}
