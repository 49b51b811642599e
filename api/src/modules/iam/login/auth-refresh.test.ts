import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { api, setSecurity, tokensOf } from "../auth-testkit.ts";

describe.each(ENGINES)("tokens and refresh on %s", (engine) => {
  let s: TestSystem;
  const refresh = (token: string) => api(s, "POST", "/auth/refresh", undefined, { refresh_token: token });
  const me = (token: string) => api(s, "GET", "/auth/me", token);

  beforeAll(async () => {
    s = await createTestSystem({ engine });
  });
  afterAll(() => s.close());

  it("rotates the refresh token; the access token lasts access_token_minutes", async () => {
    const first = await tokensOf(s, "lina");
    s.clock.advance(15 * 60_000);
    const expired = await me(first.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body.reason).toBe("auth.token_invalid");
    const next = await refresh(first.refresh_token);
    expect(next.status).toBe(200);
    expect(next.body.data).toMatchObject({ session_id: first.session_id, token_type: "Bearer", password_change_required: false });
    expect(next.body.data.refresh_token).not.toBe(first.refresh_token);
    expect((await me(next.body.data.access_token)).status).toBe(200);
    expect((await refresh(next.body.data.refresh_token)).status).toBe(200);
  });

  it("ends the whole session when a rotated-out refresh token comes back", async () => {
    const first = await tokensOf(s, "wangfang");
    const second = (await refresh(first.refresh_token)).body.data;
    const third = (await refresh(second.refresh_token)).body.data;
    expect((await me(third.access_token)).status).toBe(200);
    const replay = await refresh(first.refresh_token);
    expect(replay.status).toBe(401);
    expect(replay.body.reason).toBe("auth.token_invalid");
    // the newest tokens of that family die at once, access token included
    const after = await me(third.access_token);
    expect(after.status).toBe(401);
    expect(after.body.reason).toBe("auth.session_ended");
    expect((await refresh(third.refresh_token)).status).toBe(401);
    const row = await s.system.db.get<{ revoke_reason: string }>("SELECT revoke_reason FROM sessions WHERE id = ?", [first.session_id]);
    expect(row?.revoke_reason).toBe("refresh_reuse");
    // other sessions of the same user are untouched
    expect((await me((await tokensOf(s, "wangfang")).access_token)).status).toBe(200);
  });

  it("accepts a refresh token once even when two requests race with it", async () => {
    const t = await tokensOf(s, "chenjing");
    const results = await Promise.all([refresh(t.refresh_token), refresh(t.refresh_token)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
    // the race itself is a reuse: the family ends
    const winner = results.find((r) => r.status === 200)!.body.data;
    expect((await me(winner.access_token)).status).toBe(401);
  });

  it("logout ends the session: access and refresh tokens stop working at once", async () => {
    const t = await tokensOf(s, "zhangwei");
    const out = await api(s, "POST", "/auth/logout", t.access_token);
    expect(out.status).toBe(200);
    expect((await me(t.access_token)).status).toBe(401);
    const r = await refresh(t.refresh_token);
    expect(r.status).toBe(401);
    expect(r.body.reason).toBe("auth.session_ended");
    const audit = await s.system.db.get<{ resource_type: string; resource_id: string; actor_name: string }>(
      "SELECT resource_type, resource_id, actor_name FROM audit_logs WHERE action = 'auth.logout' AND resource_id = ?",
      [t.session_id],
    );
    expect(audit).toMatchObject({ resource_type: "session", actor_name: "zhangwei" });
  });

  it("rate-limits refresh calls per address", async () => {
    const from = (ip: string) => api(s, "POST", "/auth/refresh", undefined, { refresh_token: "guess" }, { "x-forwarded-for": ip });
    for (let i = 0; i < 60; i++) expect((await from("10.7.0.1")).status).toBe(401);
    const limited = await from("10.7.0.1");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await from("10.7.0.2")).status).toBe(401);
  });

  it("refuses unknown tokens, and refresh after the idle timeout or the session's end", async () => {
    expect((await refresh("not-a-token")).status).toBe(401);
    const idle = await tokensOf(s, "liuyang");
    s.clock.advance(31 * 60_000);
    const r = await refresh(idle.refresh_token);
    expect(r.status).toBe(401);
    expect(r.body.reason).toBe("auth.session_ended");
    // active enough for the idle limit, but past refresh_token_days since sign-in: sign in again
    await setSecurity(s, { idle_timeout_minutes: 3 * 24 * 60 });
    try {
      const t = await tokensOf(s, "liuyang");
      s.clock.advance(3 * 86_400_000 - 60_000);
      const renewed = await refresh(t.refresh_token);
      expect(renewed.status).toBe(200);
      expect((await me(renewed.body.data.access_token)).status).toBe(200);
      s.clock.advance(3 * 86_400_000);
      const again = await refresh(renewed.body.data.refresh_token);
      expect(again.status).toBe(200);
      expect((await me(again.body.data.access_token)).status).toBe(200);
      s.clock.advance(86_400_000 + 120_000); // 7 days and a minute since sign-in
      const ended = await refresh(again.body.data.refresh_token);
      expect(ended.status).toBe(401);
      expect(ended.body.reason).toBe("auth.session_ended");
    } finally {
      await setSecurity(s, { idle_timeout_minutes: 30 });
    }
  });
});
