import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { KIT_PASSWORD, expectError, workbenchKit, type Kit } from "./workbench.testkit.ts";

type Widget = { id: string; kind: string; title: string; status: string; count: number | null; items: Array<{ title: string; subtitle: string | null; href: string | null; tone: string | null }>; more: { label: string; href: string } | null; empty: { text: string; action: { label: string; href: string } | null } | null };

/**
 * The home workbench through HTTP: which widgets each reader gets (permission and data scope),
 * the counts they carry, and their texts in the reader's language.
 */
describe.each(ENGINES)("workbench (%s)", (engine) => {
  let s: TestSystem;
  let d: Kit;
  let zhangwei: string;
  let lina: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    d = await workbenchKit(s);
    zhangwei = await s.login("zhangwei");
    lina = await s.login("lina");
  });
  afterAll(() => s?.close());

  const page = async (token: string, lang = "zh-CN") => {
    const r = await s.req("GET", `/api/v1/workbench?lang=${lang}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data.widgets as Widget[];
  };
  const widget = async (token: string, id: string, lang = "zh-CN") => {
    const r = await s.req("GET", `/api/v1/workbench/widgets/${id}?lang=${lang}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data as Widget;
  };

  it("gives an administrator security notices, account to-dos, notifications and activity, in page order", async () => {
    const widgets = await page(d.admin);
    expect(widgets.map((w) => w.id)).toEqual(["iam.security", "monitor.alerts", "iam.locked_users", "approvals.todo", "iam.pending_users", "config.changes", "feedback.open", "notify.channel_setup", "notify.unread", "audit.my_activity", "jobs.failed_runs", "jobs.paused_jobs", "flows.failed_runs", "reports.kpis", "tickets.mine"]);
    expect(widgets.every((w) => w.status === "ok")).toBe(true);
    const security = widgets[0]!;
    expect(security).toMatchObject({ kind: "notices", title: "安全提醒" });
    expect(security.items).toContainEqual(expect.objectContaining({ title: "尚未开启两步验证", href: "/profile?tab=mfa", tone: "warning" }));
    expect(security.count).toBe(security.items.length);
    expect(widgets.find((w) => w.id === "iam.pending_users")).toMatchObject({ kind: "todo", title: "待激活账号" });
  });

  it("shows a specialist only the widgets for everyone; a widget beyond their permission is refused by id, an unknown id is not found", async () => {
    // 运营专员 hold jobs:view and monitor:view: the jobs widgets and open alerts are theirs too
    expect((await page(lina)).map((w) => w.id)).toEqual(["iam.security", "monitor.alerts", "approvals.todo", "config.changes", "notify.channel_setup", "notify.unread", "audit.my_activity", "jobs.failed_runs", "jobs.paused_jobs", "flows.failed_runs", "reports.kpis", "tickets.mine"]);
    const denied = await s.req("GET", "/api/v1/workbench/widgets/iam.locked_users", { token: lina });
    expectError(denied, 403, "auth.forbidden");
    const missing = await s.req("GET", "/api/v1/workbench/widgets/nope.nothing?lang=en", { token: lina });
    expectError(missing, 404, "workbench.widget_not_found");
    expect(missing.body.message).toBe("No such workbench widget");
    expect((await s.req("GET", "/api/v1/workbench")).status).toBe(401);
  });

  it("counts accounts awaiting their first sign-in within the reader's data scope, newest first", async () => {
    const before = await widget(d.admin, "iam.pending_users");
    const managerBefore = await widget(zhangwei, "iam.pending_users");
    const inOps = await d.api("POST", "/users", d.admin, { username: "wb.newops", display_name: "新同事", dept_id: d.dept("运营一部"), role_ids: [d.role("ops_specialist")] });
    expect(inOps.status).toBe(201);
    const inTech = await d.api("POST", "/users", d.admin, { username: "wb.newtech", display_name: "wb.newtech", dept_id: d.dept("技术部"), role_ids: [] });
    expect(inTech.status).toBe(201);

    const after = await widget(d.admin, "iam.pending_users");
    expect(after.count).toBe(before.count! + 2);
    expect(after.items.map((i) => i.title)).toEqual(expect.arrayContaining(["新同事 (wb.newops)", "wb.newtech"]));
    // each opens that account's details over the users list filtered to pending
    expect(after.items.find((i) => i.title === "wb.newtech")).toMatchObject({ subtitle: "从未登录", href: `/iam/users?status=pending&id=${inTech.body.data.id}`, tone: "warning" });
    expect(after.more).toEqual({ label: "查看全部待激活账号", href: "/iam/users?status=pending" });
    // 运营主管 sees 运营中心 and below only: the new colleague in 运营一部, not the one in 技术部
    const manager = await widget(zhangwei, "iam.pending_users");
    expect(manager.count).toBe(managerBefore.count! + 1);
    expect(manager.items.map((i) => i.title)).toContain("新同事 (wb.newops)");
    expect(manager.items.map((i) => i.title)).not.toContain("wb.newtech");

    // signing in (and changing the initial password) takes the account off the list
    await s.system.db.run("UPDATE users SET must_change_password = 0 WHERE username = 'wb.newtech'");
    await d.api("POST", `/users/${inTech.body.data.id}/reset-password`, d.admin, { password: KIT_PASSWORD });
    await s.system.db.run("UPDATE users SET must_change_password = 0 WHERE username = 'wb.newtech'");
    await s.login("wb.newtech", KIT_PASSWORD);
    expect((await widget(d.admin, "iam.pending_users")).count).toBe(before.count! + 1);
  });

  it("lists locked accounts to those who may unlock them, and says what to do once there are none", async () => {
    const empty = await widget(zhangwei, "iam.locked_users");
    expect(empty).toMatchObject({ count: 0, items: [], more: null });
    expect(empty.empty?.text).toContain("没有被锁定的账号");
    for (let i = 0; i < 5; i++) await s.req("POST", "/api/v1/auth/login", { body: { username: "wangfang", password: "wrong-password" } });
    const locked = await widget(zhangwei, "iam.locked_users");
    expect(locked).toMatchObject({ count: 1, items: [{ title: "王芳 (wangfang)", subtitle: "多次输错密码，已锁定", href: `/iam/users?status=locked&id=${await d.userId("wangfang")}`, tone: "danger" }] });
    expect(locked.more).toEqual({ label: "查看全部锁定账号", href: "/iam/users?status=locked" });
    // the auditor holds no unlock permission: no widget for her
    const chenjing = await s.login("chenjing");
    expect((await page(chenjing)).map((w) => w.id)).not.toContain("iam.locked_users");

    expect((await d.api("POST", `/users/${await d.userId("wangfang")}/unlock`, d.admin)).status).toBe(200);
    expect((await widget(zhangwei, "iam.locked_users")).count).toBe(0);
  });

  it("counts my unread notifications and drops them once read", async () => {
    const userId = await d.userId("lina");
    const sent = await d.api("POST", "/notify/send", d.admin, { type: "job.failed", recipients: [userId], data: { title: "作业 nightly-sync 失败", body: "退出码 2" }, critical: true });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const unread = (await d.api("GET", "/notifications/unread-count", lina)).body.data.count as number;
    const w = await widget(lina, "notify.unread");
    expect(w.count).toBe(unread);
    expect(w.items[0]).toMatchObject({ title: "作业 nightly-sync 失败", subtitle: "退出码 2", href: "/notifications" });
    expect(w.more?.href).toBe("/notifications");

    expect((await d.api("POST", "/notifications/read-all", lina)).status).toBe(200);
    const read = await widget(lina, "notify.unread");
    expect(read).toMatchObject({ count: 0, items: [], more: null });
    expect(read.empty).toMatchObject({ action: { label: "通知设置", href: "/notifications/preferences" } });
  });

  it("shows my own recent actions by name, never someone else's, linked to the audit log only for its readers", async () => {
    expect((await d.api("PUT", "/auth/me", lina, { display_name: "李娜娜" })).status).toBe(200);
    const mine = await widget(lina, "audit.my_activity");
    expect(mine.items[0]).toMatchObject({ title: "修改个人资料", subtitle: "网页 · 成功", href: null, tone: null });
    expect(mine.more).toBeNull();
    const adminView = await widget(d.admin, "audit.my_activity", "en");
    expect(adminView.title).toBe("My recent activity");
    expect(adminView.items.map((i) => i.title)).not.toContain("Update my profile");
    expect(adminView.more).toEqual({ label: "Open the audit log", href: "/audit/logs?actor=admin" });
    expect(adminView.items.every((i) => i.href === "/audit/logs?actor=admin")).toBe(true);
  });

  it("lists the steps only the user can take to be reached outside the app, not what the server lacks", async () => {
    const w = await widget(lina, "notify.channel_setup");
    expect(w).toMatchObject({ kind: "todo", title: "完善通知渠道", more: { label: "通知设置", href: "/notifications/preferences" } });
    // no chat platform is configured here (the web chat console needs no binding): no binding step
    expect(w.items).toEqual([
      { title: "开启浏览器推送，不打开应用也能收到提醒", subtitle: "浏览器推送", href: "/notifications/preferences#push", at: null, tone: "info" },
    ]);
    expect(w.count).toBe(1);
    // e-mail and SMS are not configured on this server: an administrator's matter, not a step for lina
    const channels = (await d.api("GET", "/notifications/channels", lina)).body.data as Array<{ channel: string; setup: { audience: string } | null }>;
    expect(channels.find((c) => c.channel === "email")?.setup?.audience).toBe("admin");
  });

  it("warns of a password about to expire and of sessions left open on other devices", async () => {
    const before = await widget(d.admin, "iam.security");
    expect(before.items.map((i) => i.href)).not.toContain("/profile?tab=password");
    expect((await d.api("PUT", "/settings/security", d.admin, { password_expiry_days: 10 })).status).toBe(200);
    try {
      const soon = await widget(d.admin, "iam.security");
      expect(soon.items[0]).toMatchObject({ title: "密码将在 10 天后过期", subtitle: "请尽快修改密码", href: "/profile?tab=password", tone: "warning" });
      const elsewhere = await s.login("admin");
      const sessions = (await widget(elsewhere, "iam.security")).items.find((i) => i.href === "/profile?tab=sessions");
      expect(sessions?.title).toMatch(/^你还在 \d+ 台其他设备上保持登录$/);
    } finally {
      await d.api("PUT", "/settings/security", d.admin, { password_expiry_days: 90 });
    }
  });

  it("speaks the reader's language", async () => {
    const widgets = await page(d.admin, "en");
    expect(widgets.map((w) => w.title)).toEqual(["Security notices", "Open alerts", "Locked accounts", "Awaiting my approval", "Accounts awaiting first sign-in", "Config changes waiting", "Open feedback", "Set up how you are reached", "Unread notifications", "My recent activity", "Failed runs today", "My paused jobs", "Failed flow runs today", "Favourite KPIs", "My open tickets"]);
    expect(widgets[0]!.items).toContainEqual(expect.objectContaining({ title: "Two-step verification is off" }));
  });
});
