import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditActionName } from "@ops/shared/contracts/audit.ts";
import { AUDIT_ACTIONS } from "@ops/shared/i18n/audit-actions.messages.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";

describe.each(ENGINES)("audit on %s", (engine) => {
  let s: TestSystem;
  let admin: string;
  let auditor: string;

  beforeAll(async () => {
    s = await createTestSystem({ engine });
    admin = await s.login("admin");
    auditor = await s.login("chenjing");
    // a failed mutating request, by a known actor, from a known address
    await s.req("POST", "/api/v1/auth/logout", { token: "not-a-token", headers: { "x-forwarded-for": "10.1.2.3", "user-agent": "audit-test" } });
    await s.req("POST", "/api/v1/auth/logout", { token: admin, headers: { "x-forwarded-for": "10.9.9.9", "x-request-id": "req-audit-0001" } });
  });
  afterAll(() => s.close());

  it("records who did what, from where, with status, duration and request id", async () => {
    const r = await s.req("GET", "/api/v1/audit/logs?request_id=req-audit-0001", { token: auditor });
    expect(r.status).toBe(200);
    expect(r.body.data.total).toBe(1);
    const row = r.body.data.items[0];
    expect(row).toMatchObject({
      actor_name: "admin", actor_kind: "user", ip: "10.9.9.9", method: "POST", path: "/api/v1/auth/logout",
      module: "iam", action: "auth.logout", status: 200, request_id: "req-audit-0001", via: "web",
    });
    expect(row.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(row.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("names the user who signed in on the sign-in row, and no one on a failed attempt", async () => {
    const r = await s.req("GET", "/api/v1/audit/logs?action=auth.login&page_size=50", { token: auditor });
    const rows = r.body.data.items as Array<{ actor_name: string | null; actor_kind: string; status: number; resource_id: string }>;
    const ok = rows.filter((x) => x.status === 200);
    expect(ok.map((x) => x.actor_name).sort()).toEqual(["admin", "chenjing"]);
    expect(ok.every((x) => x.actor_kind === "user" && x.resource_id)).toBe(true);
  });

  it("records refused requests too, with the reason", async () => {
    const r = await s.req("GET", "/api/v1/audit/logs?status=failure&actor=", { token: auditor });
    const refused = r.body.data.items.find((x: { ip: string }) => x.ip === "10.1.2.3");
    expect(refused).toMatchObject({ actor_kind: "anonymous", status: 401, error_code: "auth.token_invalid", user_agent: "audit-test" });
  });

  it("filters by actor, module, status and time, and pages newest first", async () => {
    const byActor = await s.req("GET", "/api/v1/audit/logs?actor=admin&module=iam&status=success&page_size=1", { token: auditor });
    expect(byActor.body.data.items).toHaveLength(1);
    expect(byActor.body.data.items[0].actor_name).toBe("admin");
    const future = new Date(s.clock.now().getTime() + 3_600_000).toISOString();
    const none = await s.req("GET", `/api/v1/audit/logs?from=${encodeURIComponent(future)}`, { token: auditor });
    expect(none.body.data.total).toBe(0);
    const bad = await s.req("GET", "/api/v1/audit/logs?from=yesterday&sort=password", { token: auditor });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("from");
  });

  it("exports the filtered log as CSV with localized headers, and audits the export", async () => {
    const csv = await s.req("GET", "/api/v1/audit/logs/export?actor=admin", { token: auditor, headers: { "x-request-id": "req-export-0001" } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="audit-\d{4}-\d\d-\d\d\.csv"/);
    const lines = (csv.body as string).replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toContain("操作人");
    expect(lines.slice(1).every((l) => l.includes("admin"))).toBe(true);
    const en = await s.req("GET", "/api/v1/audit/logs/export?lang=en", { token: auditor });
    expect(en.body).toContain("Actor");
    const audited = await s.req("GET", "/api/v1/audit/logs?request_id=req-export-0001", { token: auditor });
    expect(audited.body.data.items[0]).toMatchObject({ action: "log.export", actor_name: "chenjing", method: "GET" });
  });

  it("names the action and the actor in the request's language, in the list and in the CSV", async () => {
    const zh = await s.req("GET", "/api/v1/audit/logs?request_id=req-audit-0001&lang=zh-CN", { token: auditor });
    expect(zh.body.data.items[0]).toMatchObject({ action_name: "退出登录", actor_display_name: "管理员", actor_username: "admin", actor_name: "admin" });
    const en = await s.req("GET", "/api/v1/audit/logs?request_id=req-audit-0001&lang=en", { token: auditor });
    expect(en.body.data.items[0]).toMatchObject({ action_name: "Sign out", actor_display_name: "管理员", actor_username: "admin" });
    const login = await s.req("GET", "/api/v1/audit/logs?action=auth.login&status=success&actor=chenjing&lang=zh-CN", { token: auditor });
    expect(login.body.data.items[0]).toMatchObject({ action_name: "用户登录", actor_username: "chenjing" });
    expect(login.body.data.items[0].actor_display_name).toMatch(/\S/);

    const rowsOf = (body: string) => {
      const [header, ...rows] = parseCsv(body.replace(/^\uFEFF/, ""));
      return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
    };
    const csvZh = rowsOf((await s.req("GET", "/api/v1/audit/logs/export?request_id=req-audit-0001&lang=zh-CN", { token: auditor })).body as string);
    expect(csvZh).toHaveLength(1);
    expect(csvZh[0]).toMatchObject({ 操作: "退出登录", 操作代码: "iam.auth.logout", 操作人: "管理员", 用户名: "admin", 结果: "成功", 来源: "网页" });
    const csvEn = rowsOf((await s.req("GET", "/api/v1/audit/logs/export?request_id=req-audit-0001&lang=en", { token: auditor })).body as string);
    expect(csvEn[0]).toMatchObject({ Action: "Sign out", "Action code": "iam.auth.logout", Actor: "管理员", Username: "admin", Result: "Success", Via: "Web" });

    // the refused request: no actor, the reason in words
    const refused = rowsOf((await s.req("GET", "/api/v1/audit/logs/export?status=failure&lang=zh-CN", { token: auditor })).body as string)
      .find((r) => r.IP === "10.1.2.3");
    expect(refused).toMatchObject({ 操作人: "匿名", 结果: "未登录", 错误原因: "登录凭证无效或已过期，请重新登录" });
  });

  it("shows a chat request's platform and the command typed", async () => {
    const headers = {
      authorization: `Bot ${s.system.botKey}`, "x-ops-chat-platform": "slack", "x-ops-chat-user": "T1:U7",
      "x-ops-chat-command": encodeURIComponent("绑定 账号"), "x-request-id": "req-audit-chat1",
    };
    expect((await s.req("POST", "/api/v1/im/bind-requests", { headers, body: {} })).status).toBe(201);
    const csv = await s.req("GET", "/api/v1/audit/logs/export?request_id=req-audit-chat1&lang=zh-CN", { token: auditor });
    const [header, row] = parseCsv((csv.body as string).replace(/^\uFEFF/, ""));
    const cell = (name: string) => row![header!.indexOf(name)];
    expect([cell("来源"), cell("操作"), cell("结果")]).toEqual(["Slack: 绑定 账号", "申请绑定聊天账号", "成功"]);
  });

  it("has a name in both languages for every action a route records", async () => {
    const spec = (await s.req("GET", "/api/openapi.json")).body as { paths: Record<string, Record<string, { "x-audit-action"?: string }>> };
    const audited = new Set(["audit.log.export", "iam.sso.callback", "notify.unsubscribe", "http.unmatched"]);
    for (const ops of Object.values(spec.paths))
      for (const [method, op] of Object.entries(ops)) if (method !== "get" && op["x-audit-action"]) audited.add(op["x-audit-action"]);
    const unnamed = [...audited].filter((code) => !(code in AUDIT_ACTIONS) || !AUDIT_ACTIONS[code]!["zh-CN"] || !AUDIT_ACTIONS[code]!.en);
    expect(unnamed).toEqual([]);
    expect(auditActionName("zh-CN", "iam", "user.unlock")).toBe("解锁账号");
    expect(auditActionName("en", "iam", "no.such-action")).toBe("iam.no.such-action");
  });

  it("lists login attempts with IP, user agent and reason", async () => {
    await s.req("POST", "/api/v1/auth/login", { body: { username: "lina", password: "wrong-password" }, headers: { "x-forwarded-for": "10.7.7.7", "user-agent": "ua-login" } });
    const r = await s.req("GET", "/api/v1/audit/login-logs?username=lina&success=false", { token: auditor });
    expect(r.body.data.items[0]).toMatchObject({ username: "lina", success: false, ip: "10.7.7.7", user_agent: "ua-login" });
    expect(r.body.data.items[0].reason).toBe("bad_password");
    expect(r.body.data.items[0].display_name).toMatch(/\S/);
    const ok = await s.req("GET", "/api/v1/audit/login-logs?username=chenjing&success=true", { token: auditor });
    expect(ok.body.data.items[0]).toMatchObject({ success: true, session_id: expect.any(String) });
  });

  it("is read-only through the API and closed to roles without the permission", async () => {
    const lina = await s.login("lina");
    expect((await s.req("GET", "/api/v1/audit/logs", { token: lina })).status).toBe(403);
    expect((await s.req("GET", "/api/v1/audit/logs/export", { token: lina })).status).toBe(403);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const r = await s.req(method, "/api/v1/audit/logs", { token: admin, body: {} });
      expect(r.status).toBe(404);
    }
  });
});

/** RFC 4180 records (quoted fields, doubled quotes, newlines inside quotes): enough to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n") {
      endField();
      rows.push(row);
      row = [];
    } else if (ch !== "\r") field += ch;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}
