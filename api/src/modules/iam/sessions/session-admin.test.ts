import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { api, setSecurity, tokensOf, userIdOf } from "../auth-testkit.ts";

const MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 Chrome/130.0 Safari/537.36";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";

describe.each(ENGINES)("sessions on %s", (engine) => {
  let s: TestSystem;
  const alive = async (token: string) => (await api(s, "GET", "/auth/me", token)).status;

  beforeAll(async () => {
    s = await createTestSystem({ engine });
  });
  afterAll(() => s.close());

  it("lists my open sessions with device, address and the current one flagged; I can end my own only", async () => {
    const laptop = await tokensOf(s, "lina", undefined, { "user-agent": MAC_CHROME, "x-forwarded-for": "10.1.0.1" });
    const phone = await tokensOf(s, "lina", undefined, { "user-agent": IPHONE, "x-forwarded-for": "10.1.0.2" });
    const mine = await api(s, "GET", "/auth/sessions", laptop.access_token);
    expect(mine.body.data.items).toHaveLength(2);
    expect(mine.body.data.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: laptop.session_id, device: "Chrome / macOS", ip: "10.1.0.1", provider: "password", current: true }),
      expect.objectContaining({ id: phone.session_id, device: "Safari / iOS", ip: "10.1.0.2", current: false }),
    ]));
    const other = await tokensOf(s, "wangfang");
    expect((await api(s, "DELETE", `/auth/sessions/${other.session_id}`, laptop.access_token)).status).toBe(404);
    expect(await alive(other.access_token)).toBe(200);
    expect((await api(s, "DELETE", `/auth/sessions/${phone.session_id}`, laptop.access_token)).status).toBe(200);
    expect(await alive(phone.access_token)).toBe(401);
    expect((await api(s, "DELETE", `/auth/sessions/${phone.session_id}`, laptop.access_token)).status).toBe(404);
    expect((await api(s, "GET", "/auth/sessions", laptop.access_token)).body.data.items).toHaveLength(1);
  });

  it("lists online sessions within the operator's data scope, paginated", async () => {
    await tokensOf(s, "liuyang");
    const manager = await tokensOf(s, "zhangwei");
    const scoped = await api(s, "GET", "/auth/online-sessions?page_size=100", manager.access_token);
    expect(scoped.status).toBe(200);
    const names = new Set(scoped.body.data.items.map((i: { username: string }) => i.username));
    expect([...names].sort()).toEqual(["lina", "wangfang", "zhangwei"]);
    expect(scoped.body.data.items[0]).toMatchObject({ id: expect.any(String), user_id: expect.any(String), display_name: expect.any(String), dept_name: expect.any(String) });
    const auditor = await tokensOf(s, "chenjing");
    const all = await api(s, "GET", "/auth/online-sessions?page_size=2&sort=username", auditor.access_token);
    expect(all.body.data).toMatchObject({ page: 1, page_size: 2 });
    expect(all.body.data.total).toBeGreaterThanOrEqual(5);
    expect(all.body.data.pages).toBe(Math.ceil(all.body.data.total / 2));
    const liuyang = await api(s, "GET", "/auth/online-sessions?q=liu", auditor.access_token);
    expect(liuyang.body.data.items.map((i: { username: string }) => i.username)).toEqual(["liuyang"]);
    expect((await api(s, "GET", "/auth/online-sessions?sort=password", auditor.access_token)).status).toBe(400);
    const specialist = await tokensOf(s, "wangfang");
    expect((await api(s, "GET", "/auth/online-sessions", specialist.access_token)).status).toBe(403);
  });

  it("lets an operator with iam:session:kick end a session or all of a user's, effective at once", async () => {
    const admin = await tokensOf(s, "admin", "Admin@12345");
    const manager = await tokensOf(s, "zhangwei");
    const victim = await tokensOf(s, "liuyang");
    expect((await api(s, "DELETE", `/auth/online-sessions/${victim.session_id}`, manager.access_token)).status).toBe(403);
    const kicked = await api(s, "DELETE", `/auth/online-sessions/${victim.session_id}`, admin.access_token);
    expect(kicked.status).toBe(200);
    expect(await alive(victim.access_token)).toBe(401);
    expect((await api(s, "DELETE", `/auth/online-sessions/${victim.session_id}`, admin.access_token)).status).toBe(404);
    const note = await s.system.db.get<{ resource_type: string; actor_name: string }>(
      "SELECT resource_type, actor_name FROM audit_logs WHERE action = 'session.kick' AND resource_id = ? AND status = 200",
      [victim.session_id],
    );
    expect(note).toMatchObject({ resource_type: "session", actor_name: "admin" });

    const a = await tokensOf(s, "chenjing");
    const b = await tokensOf(s, "chenjing");
    const all = await api(s, "DELETE", `/auth/online-users/${await userIdOf(s, "chenjing")}`, admin.access_token);
    expect(all.status).toBe(200);
    expect(all.body.data.ended).toBeGreaterThanOrEqual(2);
    expect(await alive(a.access_token)).toBe(401);
    expect(await alive(b.access_token)).toBe(401);
    expect(await alive(admin.access_token)).toBe(200);
    expect((await api(s, "DELETE", "/auth/online-users/no-such-user", admin.access_token)).status).toBe(404);
  });

  it("ends a session after idle_timeout_minutes without requests", async () => {
    await setSecurity(s, { idle_timeout_minutes: 5 });
    try {
      const t = await tokensOf(s, "wangfang");
      s.clock.advance(4 * 60_000);
      expect(await alive(t.access_token)).toBe(200);
      s.clock.advance(4 * 60_000);
      expect(await alive(t.access_token)).toBe(200); // 8 minutes in, never 5 idle
      s.clock.advance(5 * 60_000 + 1000);
      const r = await api(s, "GET", "/auth/me", t.access_token);
      expect(r.status).toBe(401);
      expect(r.body.reason).toBe("auth.session_ended");
      const row = await s.system.db.get<{ revoke_reason: string }>("SELECT revoke_reason FROM sessions WHERE id = ?", [t.session_id]);
      expect(row?.revoke_reason).toBe("idle");
    } finally {
      await setSecurity(s, { idle_timeout_minutes: 30 });
    }
  });

  it("ends the oldest session past max_sessions_per_user", async () => {
    await setSecurity(s, { max_sessions_per_user: 2 });
    try {
      const first = await tokensOf(s, "liuyang");
      s.clock.advance(1000);
      const second = await tokensOf(s, "liuyang");
      s.clock.advance(1000);
      const third = await tokensOf(s, "liuyang");
      expect(await alive(first.access_token)).toBe(401);
      expect(await alive(second.access_token)).toBe(200);
      const mine = await api(s, "GET", "/auth/sessions", third.access_token);
      expect(mine.body.data.items.map((i: { id: string }) => i.id).sort()).toEqual([second.session_id, third.session_id].sort());
    } finally {
      await setSecurity(s, { max_sessions_per_user: 5 });
    }
  });
});
