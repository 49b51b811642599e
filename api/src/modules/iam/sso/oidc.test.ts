import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { startOidcPeer, type OidcPeer } from "./testing/oidc-peer.ts";

const PUBLIC_URL = "http://ops.test";
const REDIRECT_URI = `${PUBLIC_URL}/api/v1/auth/sso/oidc/callback`;

let idp: OidcPeer;
beforeAll(async () => {
  idp = await startOidcPeer(REDIRECT_URI, [
    { sub: "sub-lina", preferred_username: "lina", email: "lina@example.com", email_verified: true, name: "Li Na" },
    { sub: "sub-fang", preferred_username: "fang.wang", email: "WangFang@example.com", email_verified: true },
    { sub: "sub-unverified", preferred_username: "someone", email: "liuyang@example.com", email_verified: false },
    { sub: "sub-stranger", preferred_username: "stranger", email: "stranger@example.com", email_verified: true },
    { sub: "sub-chen", preferred_username: "chenjing" },
  ]);
});
afterAll(() => idp.close());

const ssoEnv = () => ({
  OPS_PUBLIC_URL: PUBLIC_URL,
  OPS_OIDC_ISSUER: idp.issuer,
  OPS_OIDC_CLIENT_ID: idp.clientId,
  OPS_OIDC_CLIENT_SECRET: idp.clientSecret,
  OPS_OIDC_NAME: "Test IdP",
});

type Started = { location: string; binding: string | undefined };

async function start(s: TestSystem, redirect?: string): Promise<Started> {
  const query = redirect === undefined ? "" : `?redirect=${encodeURIComponent(redirect)}`;
  const r = await s.req("GET", `/api/v1/auth/sso/oidc/start${query}`);
  expect(r.status).toBe(302);
  return { location: r.headers.get("location")!, binding: /ops_sso_binding=([^;]+)/.exec(r.headers.get("set-cookie") ?? "")?.[1] };
}

/** Feeds the IdP's redirect back into OPS (no socket: the test system is reached in-process). */
async function callback(s: TestSystem, url: URL, binding: string | undefined): Promise<URL> {
  const r = await s.req("GET", `${url.pathname}${url.search}`, { headers: binding ? { cookie: `ops_sso_binding=${binding}` } : {} });
  expect(r.status).toBe(302);
  return new URL(r.headers.get("location")!);
}

const fragment = (url: URL) => new URLSearchParams(url.hash.slice(1));

/** The whole browser round trip: OPS start → IdP → OPS callback; returns the login page URL. */
async function signIn(s: TestSystem, sub: string, redirect?: string): Promise<URL> {
  idp.signInAs(sub);
  const started = await start(s, redirect);
  return callback(s, await idp.authorize(started.location), started.binding);
}

async function exchange(s: TestSystem, landing: URL) {
  return s.req("POST", "/api/v1/auth/sso/exchange", { body: { ticket: fragment(landing).get("sso_ticket") } });
}

describe.each(ENGINES)("OIDC sign-in (%s)", (engine) => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({ engine, env: ssoEnv() });
  });
  afterAll(() => s.close());

  it("lists password and the configured provider for the login page", async () => {
    const r = await s.req("GET", "/api/v1/auth/providers", { headers: { "accept-language": "en" } });
    expect(r.body.data).toEqual([
      { id: "password", kind: "password", name: "Username and password" },
      { id: "oidc", kind: "oidc", name: "Test IdP" },
    ]);
  });

  it("sends the browser to the IdP with state, nonce and PKCE", async () => {
    const { location, binding } = await start(s);
    const url = new URL(location);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    for (const p of ["state", "nonce", "code_challenge"]) expect(url.searchParams.get(p)).toBeTruthy();
    expect(binding).toBeTruthy();
  });

  it("signs in a user matched by username, links the identity, and the tokens work", async () => {
    const landing = await signIn(s, "sub-lina", "/jobs?tab=runs");
    expect(`${landing.origin}${landing.pathname}`).toBe(`${PUBLIC_URL}/login`);
    expect(fragment(landing).get("redirect")).toBe("/jobs?tab=runs");
    const r = await exchange(s, landing);
    expect(r.status).toBe(200);
    const me = await s.req("GET", "/api/v1/auth/me", { token: r.body.data.access_token });
    expect(me.body.data.username).toBe("lina");
    const link = await s.system.db.get<{ subject: string; profile: string }>(
      "SELECT i.subject, i.profile FROM user_identities i JOIN users u ON u.id = i.user_id WHERE u.username = 'lina' AND i.provider = 'oidc'",
    );
    expect(link?.subject).toBe("sub-lina");
    expect(JSON.parse(link!.profile)).toMatchObject({ preferred_username: "lina", email: "lina@example.com" });
    const log = await s.system.db.get<{ provider: string; success: number }>(
      "SELECT provider, success FROM login_logs WHERE username = 'lina' ORDER BY ts DESC, id DESC LIMIT 1",
    );
    expect(log).toMatchObject({ provider: "oidc", success: 1 });
  });

  it("finds a linked user by subject even after the IdP renames them", async () => {
    await signIn(s, "sub-lina");
    idp.accounts.set("sub-lina", { sub: "sub-lina", preferred_username: "lina.renamed", email: "other@example.com", email_verified: true });
    try {
      const r = await exchange(s, await signIn(s, "sub-lina"));
      const me = await s.req("GET", "/api/v1/auth/me", { token: r.body.data.access_token });
      expect(me.body.data.username).toBe("lina");
    } finally {
      idp.accounts.set("sub-lina", { sub: "sub-lina", preferred_username: "lina", email: "lina@example.com", email_verified: true });
    }
  });

  it("links by verified email (case-insensitive), never by an unverified one", async () => {
    const r = await exchange(s, await signIn(s, "sub-fang"));
    const me = await s.req("GET", "/api/v1/auth/me", { token: r.body.data.access_token });
    expect(me.body.data.username).toBe("wangfang");
    const unverified = await signIn(s, "sub-unverified");
    expect(fragment(unverified).get("sso_error")).toBe("iam.sso_no_account");
  });

  it("refuses an identity without an OPS account (no auto-provisioning) and logs it", async () => {
    const landing = await signIn(s, "sub-stranger");
    expect(fragment(landing).get("sso_error")).toBe("iam.sso_no_account");
    expect(fragment(landing).get("sso_ticket")).toBeNull();
    expect(await s.system.db.get("SELECT id FROM users WHERE username = 'stranger'")).toBeUndefined();
    const log = await s.system.db.get<{ provider: string; success: number; reason: string }>(
      "SELECT provider, success, reason FROM login_logs WHERE username = 'stranger'",
    );
    expect(log).toMatchObject({ provider: "oidc", success: 0, reason: "no_account" });
  });

  it("hands over the MFA challenge instead of tokens when the user has a second factor", async () => {
    await s.system.db.run("UPDATE users SET mfa_enabled = 1 WHERE username = 'zhangwei'");
    idp.accounts.set("sub-zw", { sub: "sub-zw", preferred_username: "zhangwei" });
    const r = await exchange(s, await signIn(s, "sub-zw"));
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ mfa_required: true });
    expect(r.body.data.mfa_token).toEqual(expect.any(String));
    expect(r.body.data.access_token).toBeUndefined();
  });

  it("never lets an IdP-asserted name claim a super administrator", async () => {
    idp.accounts.set("sub-fake-admin", { sub: "sub-fake-admin", preferred_username: "admin" });
    expect(fragment(await signIn(s, "sub-fake-admin")).get("sso_error")).toBe("iam.sso_no_account");
    expect(await s.system.db.get("SELECT id FROM user_identities WHERE subject = 'sub-fake-admin'")).toBeUndefined();
  });

  it("refuses disabled and deleted users", async () => {
    await s.system.db.run("UPDATE users SET status = 'disabled' WHERE username = 'chenjing'");
    expect(fragment(await signIn(s, "sub-chen")).get("sso_error")).toBe("iam.account_disabled");
    await s.system.db.run("UPDATE users SET status = 'active', deleted_at = ? WHERE username = 'chenjing'", [new Date().toISOString()]);
    expect(fragment(await signIn(s, "sub-chen")).get("sso_error")).toBe("iam.sso_no_account");
  });

  it("accepts a state once, only in the browser that started it, and not after 10 minutes", async () => {
    idp.signInAs("sub-lina");
    const started = await start(s);
    const back = await idp.authorize(started.location);
    expect(fragment(await callback(s, back, undefined)).get("sso_error")).toBe("iam.sso_state_invalid");
    expect(fragment(await callback(s, back, started.binding)).get("sso_error")).toBe("iam.sso_state_invalid");

    const second = await start(s);
    const secondBack = await idp.authorize(second.location);
    expect(fragment(await callback(s, secondBack, second.binding)).get("sso_ticket")).toBeTruthy();
    expect(fragment(await callback(s, secondBack, second.binding)).get("sso_error")).toBe("iam.sso_state_invalid");

    const late = await start(s);
    const lateBack = await idp.authorize(late.location);
    s.clock.advance(10 * 60_000 + 1);
    expect(fragment(await callback(s, lateBack, late.binding)).get("sso_error")).toBe("iam.sso_state_invalid");
  });

  it("gives the tokens out once per ticket, within two minutes", async () => {
    const landing = await signIn(s, "sub-lina");
    expect((await exchange(s, landing)).status).toBe(200);
    const again = await exchange(s, landing);
    expect(again.status).toBe(401);
    expect(again.body.reason).toBe("iam.sso_ticket_invalid");
    const late = await signIn(s, "sub-lina");
    s.clock.advance(2 * 60_000 + 1);
    expect((await exchange(s, late)).body.reason).toBe("iam.sso_ticket_invalid");
    expect((await s.req("POST", "/api/v1/auth/sso/exchange", { body: { ticket: "made-up" } })).status).toBe(401);
  });

  it("never redirects off-site after sign-in", async () => {
    for (const target of ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/%0d%0aSet-Cookie:x"]) {
      const landing = await signIn(s, "sub-lina", target);
      expect(`${landing.origin}${landing.pathname}`).toBe(`${PUBLIC_URL}/login`);
      const redirect = fragment(landing).get("redirect");
      if (redirect !== null) expect(redirect.startsWith("/") && !redirect.startsWith("//")).toBe(true);
    }
    expect(fragment(await signIn(s, "sub-lina", "https://evil.example/x")).get("redirect")).toBeNull();
  });

  it("reports a refused authorization and a forged code as sso_failed", async () => {
    const started = await start(s);
    const state = new URL(started.location).searchParams.get("state")!;
    const denied = new URL(`${REDIRECT_URI}?error=access_denied&state=${state}`);
    expect(fragment(await callback(s, denied, started.binding)).get("sso_error")).toBe("iam.sso_failed");
    const other = await start(s);
    const forged = await idp.authorize(other.location);
    forged.searchParams.set("code", "forged-code");
    expect(fragment(await callback(s, forged, other.binding)).get("sso_error")).toBe("iam.sso_failed");
  });

  it("answers an unknown provider with an error on the login page", async () => {
    const r = await s.req("GET", "/api/v1/auth/sso/nope/start");
    expect(r.status).toBe(302);
    expect(fragment(new URL(r.headers.get("location")!)).get("sso_error")).toBe("iam.sso_provider_unknown");
  });
});

describe("OIDC auto-provisioning", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({ env: { ...ssoEnv(), OPS_OIDC_AUTO_CREATE: "1" } });
  });
  afterAll(() => s.close());

  it("creates an unknown identity as a user with no roles in the root department", async () => {
    const r = await exchange(s, await signIn(s, "sub-stranger"));
    expect(r.status).toBe(200);
    const me = await s.req("GET", "/api/v1/auth/me", { token: r.body.data.access_token });
    expect(me.body.data).toMatchObject({ username: "stranger", role_ids: [], permissions: [] });
    const root = await s.system.db.get<{ id: string }>("SELECT id FROM departments WHERE parent_id IS NULL");
    expect(me.body.data.dept_id).toBe(root!.id);
    const again = await exchange(s, await signIn(s, "sub-stranger"));
    expect((await s.req("GET", "/api/v1/auth/me", { token: again.body.data.access_token })).body.data.id).toBe(me.body.data.id);
  });
});

describe("OIDC provider down", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({ env: { ...ssoEnv(), OPS_OIDC_ISSUER: "http://127.0.0.1:9" } });
  });
  afterAll(() => s.close());

  it("sends the browser back to the login page with sso_unavailable", async () => {
    const r = await s.req("GET", "/api/v1/auth/sso/oidc/start");
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(`${PUBLIC_URL}/login#sso_error=iam.sso_unavailable`);
  });
});

describe("without SSO configured", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({ demo: false });
  });
  afterAll(() => s.close());

  it("offers only the password", async () => {
    const r = await s.req("GET", "/api/v1/auth/providers");
    expect(r.body.data).toEqual([{ id: "password", kind: "password", name: "账号密码" }]);
  });
});
