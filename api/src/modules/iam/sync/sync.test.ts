import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { startDingTalkFake, type DingTalkFake } from "../../../../../scripts/fakes/dingtalk.ts";
import { startFeishuFake, type FeishuFake } from "../../../../../scripts/fakes/feishu.ts";
import { startWeComFake, type WeComFake } from "../../../../../scripts/fakes/wecom.ts";
import { api, tokensOf } from "../auth-testkit.ts";

/** An org of two departments under the root, with heads, and four people (one already in OPS by e-mail, one by phone). */
function seedOrg(dt: DingTalkFake) {
  dt.contacts.addDept({ id: 20, name: "华南大区", parentId: 1, managers: ["u-chen"] });
  dt.contacts.addDept({ id: 21, name: "深圳站", parentId: 20, managers: ["u-zhou"] });
  dt.contacts.addStaff({ userid: "u-chen", name: "陈强", mobile: "13900000001", email: "chenqiang@example.com", deptIds: [20] });
  dt.contacts.addStaff({ userid: "u-zhou", name: "周敏", mobile: "13900000002", deptIds: [21] });
  dt.contacts.addStaff({ userid: "u-wu", name: "吴磊", mobile: "13900000003", deptIds: [21, 20] });
  // liuyang (开发人员) is in OPS already: matched by phone, linked, not created again
  dt.contacts.addStaff({ userid: "u-liu", name: "刘洋", mobile: "13800000004", deptIds: [20] });
  // the demo admin's e-mail: never linked, a conflict
  dt.contacts.addStaff({ userid: "u-boss", name: "老板", mobile: "13900000009", email: "admin@example.com", deptIds: [1] });
}

describe.each(ENGINES)("directory sync from DingTalk on %s", (engine) => {
  let s: TestSystem;
  let dt: DingTalkFake;
  let admin: string;
  const run = (body: Record<string, unknown>, token = admin) => api(s, "POST", "/directory-sync/runs", token, { wait: true, ...body });

  beforeAll(async () => {
    dt = await startDingTalkFake();
    seedOrg(dt);
    s = await createTestSystem({ engine, env: { DINGTALK_CLIENT_ID: dt.clientId, DINGTALK_CLIENT_SECRET: dt.clientSecret, DINGTALK_API_URL: dt.url } });
    admin = await s.login("admin");
    await s.system.db.run("UPDATE users SET email = 'admin@example.com' WHERE username = 'admin'");
  });
  afterAll(async () => {
    await s?.close();
    await dt?.stop();
  });

  it("shows the diff on a dry run and writes nothing", async () => {
    expect((await api(s, "GET", "/directory-sync/providers", admin)).body.data).toEqual({ providers: ["dingtalk"] });
    const before = await s.system.db.all("SELECT id FROM users");
    const dry = await run({ provider: "dingtalk", dry_run: true });
    expect(dry.status).toBe(201);
    expect(dry.body.data).toMatchObject({ status: "succeeded", progress: 100, dry_run: true });
    const plan = dry.body.data.plan;
    expect(plan.summary).toMatchObject({ departments: { create: 2 }, users: { create: 3, link: 1, disable: 0 }, conflicts: 1 });
    expect(plan.users.find((u: { external_id: string }) => u.external_id === "u-liu")).toMatchObject({ action: "link", username: "liuyang", matched_by: "phone" });
    expect(plan.conflicts).toEqual([expect.objectContaining({ external_id: "u-boss", reason: "super_admin" })]);
    expect(await s.system.db.all("SELECT id FROM users")).toHaveLength(before.length);
    expect(await s.system.db.all("SELECT id FROM departments WHERE external_source = 'dingtalk'")).toHaveLength(0);
  });

  it("creates departments with their heads and people, links the one already here, binds their chat ids; a second run changes nothing", async () => {
    const applied = await run({ provider: "dingtalk", dry_run: false });
    expect(applied.body.data.status).toBe("succeeded");
    const depts = await s.system.db.all<{ name: string; leader: string | null; parent: string | null }>(
      `SELECT d.name, l.username AS leader, p.name AS parent FROM departments d LEFT JOIN users l ON l.id = d.leader_id
        LEFT JOIN departments p ON p.id = d.parent_id WHERE d.external_source = 'dingtalk' ORDER BY d.name`,
    );
    const chen = await s.system.db.get<{ username: string }>("SELECT username FROM users WHERE dingtalk_id = 'u-chen'");
    const zhou = await s.system.db.get<{ username: string }>("SELECT username FROM users WHERE dingtalk_id = 'u-zhou'");
    expect(chen!.username).toBe("chenqiang");
    expect(zhou!.username).toBe("dt_u-zhou");
    const root = await s.system.db.get<{ name: string }>("SELECT name FROM departments WHERE parent_id IS NULL");
    expect(depts).toEqual([
      { name: "华南大区", leader: "chenqiang", parent: root!.name },
      { name: "深圳站", leader: "dt_u-zhou", parent: "华南大区" },
    ]);
    const liu = await s.system.db.get<{ dingtalk_id: string; display_name: string }>("SELECT dingtalk_id, display_name FROM users WHERE username = 'liuyang'");
    expect(liu).toMatchObject({ dingtalk_id: "u-liu", display_name: "刘洋" });
    const identities = await s.system.db.all<{ subject: string }>("SELECT subject FROM user_identities WHERE provider = 'dingtalk' ORDER BY subject");
    expect(identities.map((i) => i.subject)).toEqual(["u-chen", "u-liu", "u-wu", "u-zhou"]);
    // the admin was not touched
    expect(await s.system.db.get("SELECT dingtalk_id FROM users WHERE username = 'admin'")).toEqual({ dingtalk_id: null });
    const audit = await s.system.db.all<{ action: string }>("SELECT action FROM audit_logs WHERE action LIKE 'directory-sync.%' ORDER BY seq");
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["directory-sync.dept.create", "directory-sync.user.create", "directory-sync.user.link", "directory-sync.dept.head"]));
    expect(audit.filter((a) => a.action === "directory-sync.user.create")).toHaveLength(3);

    const again = await run({ provider: "dingtalk", dry_run: false });
    expect(again.body.data.plan.summary).toMatchObject({ unchanged: true, conflicts: 1 });
    expect((await s.system.db.all("SELECT action FROM audit_logs WHERE action LIKE 'directory-sync.user.%'")).length).toBe(4);
  });

  it("disables a person removed at DingTalk on the next run and ends their sessions", async () => {
    const wu = await s.system.db.get<{ id: string; username: string }>("SELECT id, username FROM users WHERE dingtalk_id = 'u-wu'");
    await s.system.db.run("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'lina') WHERE id = ?", [wu!.id]);
    const t = await tokensOf(s, wu!.username);
    expect((await api(s, "GET", "/auth/me", t.access_token)).status).toBe(200);
    dt.contacts.removeStaff("u-wu");
    const next = await run({ provider: "dingtalk", dry_run: false });
    expect(next.body.data.plan.summary.users).toMatchObject({ disable: 1, create: 0 });
    expect(await s.system.db.get("SELECT status FROM users WHERE id = ?", [wu!.id])).toEqual({ status: "disabled" });
    expect((await api(s, "GET", "/auth/me", t.access_token)).status).toBe(401);
  });

  it("refuses what it cannot do: an unconfigured platform, a caller without the permission", async () => {
    const feishu = await run({ provider: "feishu", dry_run: true });
    expect(feishu.status).toBe(400);
    expect(feishu.body.errors[0].field).toBe("provider");
    const lina = await s.login("lina");
    expect((await run({ provider: "dingtalk", dry_run: true }, lina)).status).toBe(403);
    expect((await api(s, "GET", "/directory-sync/runs", admin)).body.data.items.length).toBeGreaterThanOrEqual(4);
  });
});

describe("directory sync from Feishu (contact v3)", () => {
  let s: TestSystem;
  let fs: FeishuFake;
  let admin: string;

  beforeAll(async () => {
    fs = await startFeishuFake();
    fs.contacts.addDept({ id: "od-ops", name: "运营中心", parentId: "0", leader: "ou_chen" });
    fs.contacts.addDept({ id: "od-east", name: "华东运营", parentId: "od-ops", leader: "ou_lina" });
    fs.contacts.addStaff({ open_id: "ou_chen", name: "陈强", email: "chenqiang@example.com", deptIds: ["od-ops"] });
    // lina is in OPS already (demo): matched by phone (Feishu gives +86), linked, head of 华东运营
    fs.contacts.addStaff({ open_id: "ou_lina", name: "李娜", mobile: "13800000002", deptIds: ["od-east"] });
    for (let i = 0; i < 60; i++) fs.contacts.addStaff({ open_id: `ou_p${i}`, name: `员工${i}`, deptIds: ["od-east"] });
    s = await createTestSystem({ engine: "sqlite", env: { FEISHU_APP_ID: fs.appId, FEISHU_APP_SECRET: fs.appSecret, FEISHU_DOMAIN: fs.url } });
    admin = await s.login("admin");
  });
  afterAll(async () => {
    await s?.close();
    await fs?.stop();
  });

  it("reads the tree and every page of members, links by phone, sets heads; a resigned person is disabled next time", async () => {
    const first = await api(s, "POST", "/directory-sync/runs", admin, { provider: "feishu", dry_run: false, wait: true });
    expect(first.body.data.status).toBe("succeeded");
    expect(first.body.data.plan.summary).toMatchObject({ departments: { create: 2 }, users: { create: 61, link: 1 } });
    const east = await s.system.db.get<{ leader: string }>(
      "SELECT u.username AS leader FROM departments d JOIN users u ON u.id = d.leader_id WHERE d.external_source = 'feishu' AND d.external_id = 'od-east'",
    );
    expect(east!.leader).toBe("lina");
    expect(await s.system.db.get("SELECT feishu_id FROM users WHERE username = 'lina'")).toEqual({ feishu_id: "ou_lina" });
    expect((await api(s, "POST", "/directory-sync/runs", admin, { provider: "feishu", dry_run: true, wait: true })).body.data.plan.summary.unchanged).toBe(true);
    fs.contacts.removeStaff("ou_p7");
    const next = await api(s, "POST", "/directory-sync/runs", admin, { provider: "feishu", dry_run: false, wait: true });
    expect(next.body.data.plan.users).toEqual([expect.objectContaining({ action: "disable", external_id: "ou_p7" })]);
  });
});

describe("directory sync from WeCom (department/list, user/list)", () => {
  let s: TestSystem;
  let wx: WeComFake;
  let admin: string;

  beforeAll(async () => {
    wx = await startWeComFake({ users: [] });
    wx.departments.set(2, { id: 2, name: "客服中心", parentid: 1, order: 1, department_leader: ["sun"] });
    wx.users.set("sun", { userid: "sun", name: "孙丽", department: [2], email: "sunli@example.com" });
    wx.users.set("he", { userid: "he", name: "何平", department: [2], mobile: "13900000021" });
    s = await createTestSystem({ engine: "sqlite", env: { WECOM_CORP_ID: wx.corpId, WECOM_AGENT_ID: wx.agentId, WECOM_SECRET: wx.secret, WECOM_API_URL: wx.url } });
    admin = await s.login("admin");
  });
  afterAll(async () => {
    await s?.close();
    await wx?.stop();
  });

  it("creates the department with its head and the members; one who left (status 5) is disabled next time", async () => {
    const first = await api(s, "POST", "/directory-sync/runs", admin, { provider: "wecom", dry_run: false, wait: true });
    expect(first.body.data.status).toBe("succeeded");
    expect(first.body.data.plan.summary).toMatchObject({ departments: { create: 1 }, users: { create: 2 } });
    expect(await s.system.db.get(
      "SELECT d.name, u.username AS leader FROM departments d JOIN users u ON u.id = d.leader_id WHERE d.external_source = 'wecom'",
    )).toEqual({ name: "客服中心", leader: "sunli" });
    wx.users.set("he", { ...wx.users.get("he")!, status: 5 });
    const next = await api(s, "POST", "/directory-sync/runs", admin, { provider: "wecom", dry_run: false, wait: true });
    expect(next.body.data.plan.users).toEqual([expect.objectContaining({ action: "disable", external_id: "he" })]);
    expect(await s.system.db.get("SELECT status FROM users WHERE wechat_work_id = 'he'")).toEqual({ status: "disabled" });
  });
});
