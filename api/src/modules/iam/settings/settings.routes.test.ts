import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { api } from "../auth-testkit.ts";
import { DEFAULT_SECURITY } from "./settings.ts";

describe.each(ENGINES)("security settings on %s", (engine) => {
  let s: TestSystem;
  let admin: string;
  let auditor: string;

  beforeAll(async () => {
    s = await createTestSystem({ engine });
    admin = await s.login("admin");
    auditor = await s.login("chenjing");
  });
  afterAll(() => s.close());

  it("shows the defaults to holders of iam:settings:view only", async () => {
    const r = await api(s, "GET", "/settings/security", auditor);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual(DEFAULT_SECURITY);
    expect(r.body.data).toMatchObject({ password_min_length: 8, password_min_classes: 3, password_history: 5, password_expiry_days: 90, lockout_threshold: 5, lockout_minutes: 15, access_token_minutes: 15, refresh_token_days: 7, max_sessions_per_user: 5 });
    expect((await api(s, "GET", "/settings/security", await s.login("lina"))).status).toBe(403);
    expect((await api(s, "PUT", "/settings/security", auditor, { lockout_minutes: 30 })).status).toBe(403);
  });

  it("changes only the fields given, audits before and after, and the policy follows", async () => {
    const r = await api(s, "PUT", "/settings/security", admin, { password_min_length: 12, lockout_minutes: 30 });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ ...DEFAULT_SECURITY, password_min_length: 12, lockout_minutes: 30 });
    expect((await api(s, "GET", "/settings/security", auditor)).body.data.lockout_minutes).toBe(30);
    expect((await api(s, "GET", "/auth/password-policy")).body.data.min_length).toBe(12);
    const row = await s.system.db.get<{ resource_type: string; resource_id: string; before_data: string; after_data: string; actor_name: string }>(
      "SELECT resource_type, resource_id, before_data, after_data, actor_name FROM audit_logs WHERE action = 'settings.security.update' AND status = 200",
    );
    expect(row).toMatchObject({ resource_type: "settings", resource_id: "security", actor_name: "admin" });
    expect(JSON.parse(row!.before_data)).toMatchObject({ password_min_length: 8, lockout_minutes: 15 });
    expect(JSON.parse(row!.after_data)).toMatchObject({ password_min_length: 12, lockout_minutes: 30 });
  });

  it("refuses invalid values and unknown fields with 400, changing nothing", async () => {
    const before = (await api(s, "GET", "/settings/security", auditor)).body.data;
    const bad = await api(s, "PUT", "/settings/security", admin, { password_min_length: 3, lockout_threshold: "five", max_sessions_per_user: 1.5 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(40001);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["lockout_threshold", "max_sessions_per_user", "password_min_length"]);
    const unknown = await api(s, "PUT", "/settings/security", admin, { lockout_minute: 5 });
    expect(unknown.status).toBe(400);
    expect((await api(s, "GET", "/settings/security", auditor)).body.data).toEqual(before);
  });
});
