import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { api } from "../auth-testkit.ts";

describe.each(ENGINES)("own profile on %s", (engine) => {
  let s: TestSystem;
  let lina: string;

  beforeAll(async () => {
    s = await createTestSystem({ engine });
    lina = await s.login("lina");
  });
  afterAll(() => s.close());

  it("shows the signed-in user with department, roles, permissions and unmasked contact data", async () => {
    const r = await api(s, "GET", "/auth/me", lina);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      username: "lina", display_name: "李娜", dept_name: "运营一部", email: "lina@example.com", phone: "13800000002", locale: "zh-CN",
      roles: [{ code: "ops_specialist", name: "运营专员", id: expect.any(String) }], restricted: null, mfa_enabled: false,
    });
    expect(r.body.data.role_ids).toEqual([r.body.data.roles[0].id]);
    expect(r.body.data.permissions).toContain("jobs:run");
    expect(r.body.data.password_expires_at).toMatch(/^\d{4}-/);
  });

  it("lets the user change name, contact data and language, audited with before and after", async () => {
    const r = await api(s, "PUT", "/auth/me", lina, { display_name: "李娜娜", email: "nana@example.com", phone: "", locale: "en" });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ display_name: "李娜娜", email: "nana@example.com", phone: null, locale: "en" });
    const again = await api(s, "GET", "/auth/me", lina);
    expect(again.body.data).toMatchObject({ display_name: "李娜娜", phone: null, locale: "en" });
    expect(again.body.message).toBe("OK"); // the new language applies to the user's requests
    const row = await s.system.db.get<{ before_data: string; after_data: string; resource_type: string }>(
      "SELECT before_data, after_data, resource_type FROM audit_logs WHERE action = 'auth.me.update' AND status = 200",
    );
    expect(row?.resource_type).toBe("user");
    expect(JSON.parse(row!.before_data)).toEqual({ display_name: "李娜", email: "lina@example.com", phone: "13800000002", locale: "zh-CN" });
    expect(JSON.parse(row!.after_data)).toEqual({ display_name: "李娜娜", email: "nana@example.com", phone: null, locale: "en" });
  });

  it("refuses invalid fields with 400 and changes nothing", async () => {
    const r = await api(s, "PUT", "/auth/me", lina, { display_name: "", email: "not-an-email", locale: "fr", phone: "call me" });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["display_name", "email", "locale", "phone"]);
    expect((await api(s, "GET", "/auth/me", lina)).body.data).toMatchObject({ display_name: "李娜娜", email: "nana@example.com" });
    expect((await api(s, "PUT", "/auth/me", undefined, { display_name: "x" })).status).toBe(401);
  });
});
