import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { startFakeSmtp, type FakeSmtp } from "../../../../../scripts/fakes/smtp.ts";
import { DEFAULT_SECURITY } from "../../iam/index.ts";
import { SECRET_MASK } from "../config.deps.ts";
import { smtpUrlOf } from "./smtp-mail.ts";

const PASSWORD = "p@ss:w0rd/秘密";

/** The built-in system tables through HTTP: who sees them, secrets on every surface, the security policy, SMTP at run time. */
describe.each(ENGINES)("config system settings (%s)", (engine) => {
  let s: TestSystem;
  let smtp: FakeSmtp;
  const tok: Record<string, string> = {};
  const api = (method: string, path: string, user: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: tok[user], body });
  const rawValues = async (table: string, key: string) =>
    (await s.system.db.get<{ record_values: string }>(
      "SELECT r.record_values FROM config_records r JOIN config_tables t ON t.id = r.table_id WHERE t.name = ? AND r.record_key = ?", [table, key],
    ))?.record_values;

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    s.system.notify.start();
    for (const u of ["admin", "zhangwei", "lina"]) tok[u] = await s.login(u);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
  });

  it("creates the three system tables at start, again harmlessly at the next start, for iam:settings:update holders only", async () => {
    const listed = (await api("GET", "/config/tables?page_size=100", "admin")).body.data.items as Array<{ name: string; system: boolean }>;
    expect(listed.filter((t) => t.system).map((t) => t.name).sort()).toEqual(["system-im", "system-security", "system-smtp"]);
    const versions = async () => Number((await s.system.db.get<{ c: number | string }>("SELECT COUNT(*) AS c FROM config_versions"))!.c);
    const before = await versions();
    await s.system.config.system.init();
    expect(Number((await s.system.db.get<{ c: number | string }>("SELECT COUNT(*) AS c FROM config_tables WHERE system = 1"))!.c)).toBe(3);
    expect(await versions()).toBe(before);

    // 运营主管 holds config:view/edit/publish but not iam:settings:update: the tables do not exist for him
    const his = (await api("GET", "/config/tables?page_size=100", "zhangwei")).body.data.items as Array<{ name: string }>;
    expect(his.some((t) => t.name.startsWith("system-"))).toBe(false);
    expect((await api("GET", "/config/tables/system-smtp", "zhangwei")).status).toBe(404);
    expect((await api("GET", "/config/tables/system-smtp/records", "zhangwei")).status).toBe(404);
    expect((await api("POST", "/config/tables/system-smtp/records", "zhangwei", { values: { name: "default", host: "x" }, reason: "r" })).status).toBe(404);
    expect((await api("GET", "/config/system-security/published", "zhangwei")).status).toBe(404);
    // nor may a table of his own take the prefix, nor the built-ins be redesigned or removed
    const named = await api("POST", "/config/tables", "admin", { name: "system-x", display_name: "x", key_field: "k", fields: [{ key: "k", type: "text", label: "K" }] });
    expect(named.status).toBe(400);
    expect(named.body.errors.map((e: { field: string }) => e.field)).toContain("name");
    expect((await api("PATCH", "/config/tables/system-smtp", "admin", { fields: [{ key: "name", type: "text", label: "n" }] })).status).toBe(403);
    expect((await api("DELETE", "/config/tables/system-smtp", "admin")).status).toBe(403);
    const approval = await api("PATCH", "/config/tables/system-security", "admin", { needs_approval: true });
    expect([approval.status, approval.body.reason]).toEqual([403, "config.system_table_access"]);
    expect((await api("PATCH", "/config/tables/system-smtp", "admin", { read_roles: ["ops_manager"] })).status).toBe(403);
    const keep = await api("PATCH", "/config/tables/system-smtp", "admin", { keep_history_days: 365 });
    expect(keep.status, JSON.stringify(keep.body)).toBe(200);

    // granted iam:settings:update, the same manager sees them
    const roles = (await api("GET", "/roles", "admin")).body.data as Array<{ id: string; code: string; permissions: string[] }>;
    const manager = roles.find((r) => r.code === "ops_manager")!;
    expect((await api("PUT", `/roles/${manager.id}`, "admin", { permissions: [...manager.permissions, "iam:settings:update"] })).status).toBe(200);
    expect((await api("GET", "/config/tables/system-smtp", "zhangwei")).status).toBe(200);
    await api("PUT", `/roles/${manager.id}`, "admin", { permissions: manager.permissions });
    expect((await api("GET", "/config/tables/system-smtp", "zhangwei")).status).toBe(404);
  });

  it("seals SMTP and IM secrets at rest and answers ●●● on records, export, history, diffs, previews, audit and the published endpoint", async () => {
    const created = await api("POST", "/config/tables/system-smtp/records", "admin", {
      values: { name: "default", host: "127.0.0.1", port: smtp.port, user: "mailer", password: PASSWORD, from: "OPS <ops@example.com>" }, reason: "发信服务器",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.values.password).toBe(SECRET_MASK);
    const im = await api("POST", "/config/tables/system-im/records", "admin", {
      values: { platform: "feishu", app_id: "cli_1", app_secret: "feishu-secret-1", signing_secret: "verify-1" }, reason: "飞书应用",
    });
    expect(im.status, JSON.stringify(im.body)).toBe(201);
    expect(im.body.data.values).toMatchObject({ app_id: "cli_1", app_secret: SECRET_MASK, signing_secret: SECRET_MASK, bot_token: null });
    // at rest: sealed, in the live row and in the history snapshots
    expect(await rawValues("system-smtp", "default")).not.toContain(PASSWORD);
    const snaps = await s.system.db.all<{ record_values: string | null }>("SELECT record_values FROM config_record_versions");
    expect(snaps.some((r) => r.record_values?.includes(PASSWORD) || r.record_values?.includes("feishu-secret-1"))).toBe(false);

    // the mask written back keeps the value; a new value is a change whose diff shows neither
    const kept = await api("PATCH", "/config/tables/system-smtp/records/default", "admin", { values: { password: SECRET_MASK, port: smtp.port }, reason: "不变" });
    expect(kept.status).toBe(200);
    expect((await s.system.config.system.smtp())?.password).toBe(PASSWORD);
    const changed = await api("PATCH", "/config/tables/system-smtp/records/default", "admin", { values: { password: "n3w-secret" }, reason: "换密码" });
    expect(changed.status).toBe(200);
    expect((await s.system.config.system.smtp())?.password).toBe("n3w-secret");
    const v = changed.body.version as number;
    const diff = (await api("GET", `/config/tables/system-smtp/versions/diff?from=${v - 1}&to=${v}`, "admin")).body.data;
    const entries = diff.diff as Array<{ key: string; op: string; fields: Array<{ field: string; before: unknown; after: unknown }> }>;
    expect(entries).toEqual([{ key: "default", op: "changed", fields: [expect.objectContaining({ field: "password", before: SECRET_MASK, after: SECRET_MASK })] }]);

    const table = (await s.system.config.data.getTable("system-smtp"))!;
    const preview = await s.system.config.data.preview(table, [{ op: "update", key: "default", values: { password: "other" } }]);
    expect(JSON.stringify(preview)).not.toContain("other");
    expect(preview[0]).toMatchObject({ op: "changed", fields: [{ field: "password", before: SECRET_MASK, after: SECRET_MASK }] });

    const listed = (await api("GET", "/config/tables/system-smtp/records", "admin")).body.data.items;
    const one = (await api("GET", "/config/tables/system-smtp/records/default", "admin")).body.data;
    const csv = await s.req("GET", "/api/v1/config/tables/system-smtp/records/export?format=csv", { token: tok.admin });
    const history = (await api("GET", "/config/tables/system-smtp/versions", "admin")).body.data;
    const published = await api("GET", "/config/system-smtp/published", "admin");
    const imPublished = await api("GET", "/config/system-im/published", "admin");
    expect(published.status).toBe(200);
    const audit = await s.system.db.all<{ before_data: string | null; after_data: string | null }>("SELECT before_data, after_data FROM audit_logs");
    for (const surface of [listed, one, csv.body, history, published.body, imPublished.body, audit]) {
      const text = typeof surface === "string" ? surface : JSON.stringify(surface);
      for (const secret of [PASSWORD, "n3w-secret", "feishu-secret-1", "verify-1"]) expect(text).not.toContain(secret);
    }
    expect(one.values.password).toBe(SECRET_MASK);
    expect(String(csv.body)).toContain(SECRET_MASK);
  });

  it("sends the notify center's e-mail through the SMTP record while SMTP_URL is unset", async () => {
    expect(smtpUrlOf({ host: "mail.example.com", port: 465, secure: true, user: "a@b", password: "p:w@", from: "x" })).toBe("smtps://a%40b:p%3Aw%40@mail.example.com:465");
    const lina = (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = 'lina'"))!.id;
    await api("PUT", "/notifications/preferences", "lina", { defaults: { channels: { im: "off", push: "off", email: "on", sms: "off" } } });
    const channels = (await api("GET", "/notifications/channels", "lina")).body.data as Array<{ channel: string; available: boolean }>;
    expect(channels.find((c) => c.channel === "email")?.available).toBe(true);
    const sent = await api("POST", "/notify/send", "admin", { type: "job.failed", recipients: [lina], data: { title: "经由配置中心" } });
    expect(sent.status).toBe(201);
    const [mail] = await smtp.mail.waitFor(1);
    expect(mail).toMatchObject({ from: "ops@example.com", to: ["lina@example.com"], subject: "经由配置中心" });

    // switched off: the channel is unconfigured again (no mail goes out)
    await api("PATCH", "/config/tables/system-smtp/records/default", "admin", { values: { enabled: false }, reason: "停用" });
    expect(await s.system.config.system.smtp()).toBeNull();
    const off = (await api("GET", "/notifications/channels", "lina")).body.data as Array<{ channel: string; available: boolean; reason: string | null }>;
    expect(off.find((c) => c.channel === "email")).toMatchObject({ available: false, reason: "notify.channel.email_unconfigured" });
  });

  it("holds the security policy: PUT /settings/security and the config record are one store, versioned, checked and in force", async () => {
    const policy = async () => (await api("GET", "/settings/security", "admin")).body.data;
    const record = async () => (await api("GET", "/config/tables/system-security/records/default", "admin")).body.data.values;
    expect(await policy()).toEqual(DEFAULT_SECURITY);
    expect(await record()).toEqual({ name: "default", ...DEFAULT_SECURITY });

    const put = await api("PUT", "/settings/security", "admin", { password_min_length: 11 });
    expect(put.status).toBe(200);
    expect((await record()).password_min_length).toBe(11);
    const versions = (await api("GET", "/config/tables/system-security/versions", "admin")).body.data.items as Array<{ version: number; kind: string }>;
    expect(versions[0]).toMatchObject({ kind: "update" });

    // through the config center: IAM follows on the next request (the cache version moved with the record)
    const patched = await api("PATCH", "/config/tables/system-security/records/default", "admin", { values: { password_min_length: 13, lockout_minutes: 40 }, reason: "加强" });
    expect(patched.status).toBe(200);
    expect(await policy()).toMatchObject({ password_min_length: 13, lockout_minutes: 40 });
    expect((await api("GET", "/auth/password-policy", "admin")).body.data.min_length).toBe(13);

    // IAM's bounds hold in the table too: nothing changes on a refused value
    const before = await record();
    const bad = await api("PATCH", "/config/tables/system-security/records/default", "admin", { values: { password_min_length: 3, lockout_threshold: 2.5 }, reason: "坏值" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["values.lockout_threshold", "values.password_min_length"]);
    expect(await record()).toEqual(before);
    expect((await api("GET", "/config/tables/system-security", "zhangwei")).status).toBe(404);
  });

  it("moves a legacy settings row into the table once, then reads only the table", async () => {
    const table = (await s.system.config.data.getTable("system-security"))!;
    await s.system.db.run("DELETE FROM config_records WHERE table_id = ?", [table.id]);
    const legacy = { ...DEFAULT_SECURITY, password_min_length: 10, max_sessions_per_user: 3 };
    await s.system.db.run("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('security', ?, ?, NULL)", [JSON.stringify(legacy), new Date().toISOString()]);
    expect((await api("GET", "/settings/security", "admin")).body.data).toEqual(legacy);
    await s.system.config.system.init();
    expect(await s.system.db.get("SELECT key FROM settings WHERE key = 'security'")).toBeFalsy();
    expect(JSON.parse((await rawValues("system-security", "default"))!)).toMatchObject({ password_min_length: 10, max_sessions_per_user: 3 });
    expect((await api("GET", "/settings/security", "admin")).body.data).toEqual(legacy);
  });
});

describe("config system settings: SMTP_URL wins over the SMTP record", () => {
  let s: TestSystem;
  let fromEnv: FakeSmtp;
  let fromTable: FakeSmtp;
  beforeAll(async () => {
    fromEnv = await startFakeSmtp();
    fromTable = await startFakeSmtp();
    s = await createTestSystem({ demoSeeders: ["company"], env: { SMTP_URL: fromEnv.url, SMTP_FROM: "OPS <env@example.com>" } });
    s.system.notify.start();
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await fromEnv?.close();
    await fromTable?.close();
  });

  it("delivers over SMTP_URL although the record names another server", async () => {
    const admin = await s.login("admin");
    const made = await s.req("POST", "/api/v1/config/tables/system-smtp/records", {
      token: admin, body: { values: { name: "default", host: "127.0.0.1", port: fromTable.port, from: "OPS <table@example.com>" }, reason: "备用" },
    });
    expect(made.status).toBe(201);
    const lina = await s.login("lina");
    await s.req("PUT", "/api/v1/notifications/preferences", { token: lina, body: { defaults: { channels: { im: "off", push: "off", email: "on", sms: "off" } } } });
    const id = (await s.req("GET", "/api/v1/auth/me", { token: lina })).body.data.id;
    expect((await s.req("POST", "/api/v1/notify/send", { token: admin, body: { type: "job.failed", recipients: [id], data: { title: "env" } } })).status).toBe(201);
    const [mail] = await fromEnv.mail.waitFor(1);
    expect(mail).toMatchObject({ from: "env@example.com", subject: "env" });
    expect(fromTable.mail.items).toHaveLength(0);
  });
});
