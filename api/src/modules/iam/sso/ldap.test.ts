import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { parseEnv } from "../../../env.ts";
import { createSecretBox } from "../../../platform/crypto.ts";
import { createLogger } from "../../../platform/logger.ts";
import { createRateLimiter } from "../../../platform/rate-limit.ts";
import { createLdapLogin } from "./ldap-login.ts";
import { BASE_DN, SERVICE_DN, SERVICE_PASSWORD, startLdapPeer, type LdapPeer } from "./testing/ldap-peer.ts";

let peer: LdapPeer;
beforeAll(async () => {
  peer = await startLdapPeer([
    { uid: "lina", password: "lina-ldap-pw", uuid: "uuid-lina", mail: "lina@example.com", cn: "Li Na" },
    { uid: "nina", password: "nina-ldap-pw", uuid: "uuid-nina" },
    { uid: "chenjing", password: "chen-ldap-pw", uuid: "uuid-chen" },
  ]);
});
afterAll(() => peer.close());

const ldapEnv = (overrides: Record<string, string> = {}) => ({
  OPS_LDAP_URL: peer.url,
  OPS_LDAP_BIND_DN: SERVICE_DN,
  OPS_LDAP_BIND_PASSWORD: SERVICE_PASSWORD,
  OPS_LDAP_BASE_DN: BASE_DN,
  OPS_LDAP_NAME: "Corp AD",
  ...overrides,
});

const ldapLogin = (s: TestSystem, username: string, password: string) =>
  s.req("POST", "/api/v1/auth/login", { body: { username, password, provider: "ldap" } });

const lastLoginLog = (s: TestSystem, username: string) =>
  s.system.db.get<{ provider: string; success: number; reason: string | null }>(
    "SELECT provider, success, reason FROM login_logs WHERE username = ? ORDER BY ts DESC, id DESC LIMIT 1",
    [username],
  );

describe.each(ENGINES)("LDAP sign-in (%s)", (engine) => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({ engine, env: ldapEnv() });
  });
  afterAll(() => s.close());

  it("is offered on the login page", async () => {
    const r = await s.req("GET", "/api/v1/auth/providers");
    expect(r.body.data).toContainEqual({ id: "ldap", kind: "ldap", name: "Corp AD" });
  });

  it("signs in with the directory password, links the entry and logs the provider", async () => {
    const r = await ldapLogin(s, "lina", "lina-ldap-pw");
    expect(r.status).toBe(200);
    const me = await s.req("GET", "/api/v1/auth/me", { token: r.body.data.access_token });
    expect(me.body.data.username).toBe("lina");
    const link = await s.system.db.get<{ subject: string }>(
      "SELECT i.subject FROM user_identities i JOIN users u ON u.id = i.user_id WHERE u.username = 'lina' AND i.provider = 'ldap'",
    );
    expect(link?.subject).toBe("uuid-lina");
    expect(await lastLoginLog(s, "lina")).toMatchObject({ provider: "ldap", success: 1 });
  });

  it("maps a linked entry to its user whatever the names say", async () => {
    const refused = await ldapLogin(s, "nina", "nina-ldap-pw");
    expect(refused.status).toBe(403);
    expect(refused.body.reason).toBe("iam.sso_no_account");
    const liuyang = (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = 'liuyang'"))!;
    await s.system.db.run(
      "INSERT INTO user_identities (id, user_id, provider, subject, profile, created_at) VALUES (?, ?, 'ldap', 'uuid-nina', NULL, ?)",
      ["link-nina", liuyang.id, new Date().toISOString()],
    );
    const r = await ldapLogin(s, "nina", "nina-ldap-pw");
    const me = await s.req("GET", "/api/v1/auth/me", { token: r.body.data.access_token });
    expect(me.body.data.username).toBe("liuyang");
  });

  it("refuses a wrong password or unknown user with invalid_credentials, logged as ldap", async () => {
    for (const [username, password] of [["lina", "Ops@demo2026"], ["ghost", "whatever"]] as const) {
      const r = await ldapLogin(s, username, password);
      expect(r.status).toBe(401);
      expect(r.body.reason).toBe("iam.invalid_credentials");
      expect(await lastLoginLog(s, username)).toMatchObject({ provider: "ldap", success: 0, reason: "bad_password" });
    }
  });

  it("escapes the username in the search filter", async () => {
    // Unescaped, `li*` would find lina's entry and her password would sign in.
    const wildcard = await ldapLogin(s, "li*", "lina-ldap-pw");
    expect(wildcard.status).toBe(401);
    const injected = await ldapLogin(s, "*)(uid=*", "lina-ldap-pw");
    expect(injected.status).toBe(401);
    expect(injected.body.reason).toBe("iam.invalid_credentials");
    const filter = peer.filters.at(-1)!;
    expect(filter).toContain("\\2a\\29\\28uid=\\2a");
    expect(filter).not.toContain("(uid=*)");
  });

  it("refuses an empty password before binding (the directory would accept it anonymously)", async () => {
    expect((await ldapLogin(s, "lina", "")).status).toBe(400);
    const login = createLdapLogin({
      env: parseEnv(ldapEnv()),
      db: s.system.db,
      clock: s.clock,
      logger: createLogger("silent"),
      secrets: await createSecretBox("test-secret-key-0123456789"),
      jwtKey: "unused",
      botKey: "unused",
      audit: s.system.audit,
      limiter: createRateLimiter(),
    })!;
    const binds = peer.binds.length;
    await expect(login("lina", "")).rejects.toMatchObject({ code: "iam.invalid_credentials", status: 401 });
    expect(peer.binds.slice(binds)).not.toContain(`uid=lina,${BASE_DN}`);
  });

  it("refuses a disabled user even with the right directory password", async () => {
    await s.system.db.run("UPDATE users SET status = 'disabled' WHERE username = 'chenjing'");
    const r = await ldapLogin(s, "chenjing", "chen-ldap-pw");
    expect(r.status).toBe(403);
    expect(r.body.reason).toBe("iam.account_disabled");
  });
});

describe("LDAP directory unavailable or misconfigured", () => {
  let s: TestSystem;
  afterAll(() => s?.close());

  it("answers 503 sso_unavailable (retryable) when the server cannot be reached", async () => {
    s = await createTestSystem({ env: ldapEnv({ OPS_LDAP_URL: "ldap://127.0.0.1:9" }) });
    const r = await ldapLogin(s, "lina", "lina-ldap-pw");
    expect(r.status).toBe(503);
    expect(r.body.reason).toBe("iam.sso_unavailable");
    expect(await lastLoginLog(s, "lina")).toMatchObject({ provider: "ldap", success: 0, reason: "directory_unavailable" });
  });

  it("refuses rather than guesses when the user filter matches several entries", async () => {
    const t = await createTestSystem({ env: ldapEnv({ OPS_LDAP_USER_FILTER: "(|(uid={{username}})(objectClass=inetOrgPerson))" }) });
    try {
      expect((await ldapLogin(t, "lina", "lina-ldap-pw")).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it("treats a rejected service account as unavailable, not as the user's wrong password", async () => {
    const t = await createTestSystem({ env: ldapEnv({ OPS_LDAP_BIND_PASSWORD: "wrong" }) });
    try {
      expect((await ldapLogin(t, "lina", "lina-ldap-pw")).status).toBe(503);
    } finally {
      await t.close();
    }
  });
});
