import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@ops/shared";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { ruleBody as ruleSchema } from "./alerts.schema.ts";
import { fakeAlerts } from "./alerts.testkit.ts";

const MIN = 60_000;

describe.each(ENGINES)("alert rules, alerts and notices (%s)", (engine) => {
  let s: TestSystem;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const roles: Record<string, string> = {};
  const values: Record<string, number | null> = {};
  let fake: ReturnType<typeof fakeAlerts>;
  const api = (who: string, method: string, path: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: tokens[who]!, body });
  const actor = async (username: string) => (await s.system.iam.userActor(username)) as Actor;
  const ruleBody = (over: Record<string, unknown> = {}) => ruleSchema.parse({
    name: "API 5xx 比例过高", kind: "metric", metric: "api.error_rate", agg: "value", op: ">", threshold: 0.05, window_s: 60, level: "P1",
    recipients: { users: [ids.lina, ids.zhangwei], roles: [roles.ops_manager], chats: [{ platform: "slack", chat_id: "C0OPS" }, { platform: "feishu", chat_id: "oc_ops" }] },
    cooldown_s: 3600, ...over,
  });
  /** the rule's users and the 运营主管 holders, each once */
  const team = async () => [...new Set([ids.lina!, ids.zhangwei!, ...(await s.system.iam.usersOfRole(roles.ops_manager!))])].sort();
  const alertOf = async (ruleId: string) => (await fake.part.service.list({ page: 1, page_size: 50, rule_id: ruleId })).items[0]!;

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    for (const u of ["admin", "zhangwei", "lina", "liuyang", "chenjing"]) tokens[u] = await s.login(u);
    for (const u of await s.system.db.all<{ id: string; username: string }>("SELECT id, username FROM users")) ids[u.username] = u.id;
    for (const r of await s.system.db.all<{ id: string; code: string }>("SELECT id, code FROM roles")) roles[r.code] = r.id;
    fake = fakeAlerts(s, values);
  }, 120_000);
  afterAll(async () => {
    await fake?.part.stop();
    await s?.close();
  });

  it("refuses bad rules naming the field, stores nothing, and keeps rules to monitor:manage", async () => {
    const fields = async (body: unknown) => {
      const r = await api("admin", "POST", "/alert-rules", body);
      return [r.status, (r.body.errors ?? []).map((e: { field: string }) => e.field)];
    };
    const security = { name: "x", kind: "security", detector: "login.failures_per_account", threshold: 5, window_s: 600, level: "P2", recipients: { roles: [roles.super_admin] } };
    expect(await fields({ ...security, detector: "login.nope" })).toEqual([400, ["detector"]]);
    expect(await fields({ ...security, window_s: 10 })).toEqual([400, ["window_s"]]);
    expect(await fields({ ...security, window_s: 90_000 })).toEqual([400, ["window_s"]]);
    expect(await fields({ ...security, cooldown_s: 30 })).toEqual([400, ["cooldown_s"]]);
    expect(await fields({ ...security, level: "P5" })).toEqual([400, ["level"]]);
    expect(await fields({ ...security, recipients: { users: ["no-such-user"] } })).toEqual([400, ["recipients.users[0]"]]);
    expect(await fields({ ...security, recipients: { roles: ["no-such-role"] } })).toEqual([400, ["recipients.roles[0]"]]);
    expect(await fields({ ...security, recipients: { chats: [{ platform: "slack", chat_id: "bad id!" }] } })).toEqual([400, ["recipients.chats[0].chat_id"]]);
    expect(await fields({ ...security, escalation: { after_min: 0, recipients: { roles: [roles.super_admin] } } })).toEqual([400, ["escalation.after_min"]]);
    expect(await fields({ ...security, kind: "metric", metric: "no.such_metric", detector: null })).toEqual([400, ["metric"]]);
    expect(await fields({ ...security, op: "~" })).toEqual([400, ["op"]]);
    const list = await api("chenjing", "GET", "/alert-rules");
    expect(list.status).toBe(200);
    // only the built-in security rules, one per detector
    expect(list.body.data.items.map((r: { builtin: boolean; detector: string }) => [r.builtin, r.detector]).every(([b]: [boolean]) => b)).toBe(true);
    expect(list.body.data.total).toBe(6);
    for (const who of ["lina", "zhangwei", "chenjing"]) expect((await api(who, "POST", "/alert-rules", security)).status).toBe(403);
    const made = await api("liuyang", "POST", "/alert-rules", security);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await api("liuyang", "DELETE", `/alert-rules/${made.body.data.id}`)).status).toBe(200);
    const builtin = list.body.data.items.find((r: { detector: string }) => r.detector === "login.failures_per_address");
    expect(builtin).toMatchObject({ enabled: true, threshold: 20, window_s: 600, level: "P1", recipients: { roles: [roles.super_admin] } });
    expect((await api("admin", "DELETE", `/alert-rules/${builtin.id}`)).status).toBe(409);
    const disabled = await api("admin", "PUT", `/alert-rules/${builtin.id}`, { ...builtin, enabled: false });
    expect([disabled.status, disabled.body.data.enabled]).toEqual([200, false]);
    expect((await api("admin", "PUT", `/alert-rules/${builtin.id}`, { ...builtin, detector: "mfa.disabled" })).body.errors[0].field).toBe("detector");
    expect((await api("admin", "PUT", `/alert-rules/${builtin.id}`, { ...builtin, enabled: true })).status).toBe(200);
    // metric rules against the reader's catalog: group_by only by the metric's labels (node for node-scoped ones)
    await expect(fake.part.service.rules.create(await actor("admin"), ruleBody({ group_by: ["nope"] }))).rejects.toMatchObject({ status: 400, errors: [{ field: "group_by[0]" }] });
    expect((await fake.part.service.rules.list({ page: 1, page_size: 50, kind: "metric" })).total).toBe(0);
  });

  it("fires once across two evaluators: one notice per recipient (users and role holders, deduped) and one card per chat group", async () => {
    const rule = await fake.part.service.rules.create(await actor("admin"), ruleBody({ filters: { route: "/a" }, escalation: { after_min: 5, recipients: { users: [ids.admin], roles: [], chats: [] } } }));
    values["/a"] = 0.2;
    const other = fakeAlerts(s, values);
    const [a, b] = await Promise.all([fake.part.evaluate(), other.part.evaluate()]);
    expect((a?.fired ?? 0) + (b?.fired ?? 0)).toBe(1);
    const sends = [...fake.sends, ...other.sends];
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ type: "monitor.alert", critical: true, data: { card: "alert", level: "P1", status: "firing", source: "API 5xx 比例过高", value: "20 %", condition: "> 5 %" } });
    expect(sends[0]!.recipients).toEqual(await team());
    expect([...fake.posts, ...other.posts].map((p) => [p.platform, p.chatId, p.status]).sort()).toEqual([["feishu", "oc_ops", "firing"], ["slack", "C0OPS", "firing"]]);
    fake.sends.push(...other.sends.splice(0));
    fake.posts.push(...other.posts.splice(0));
    // re-evaluation while it keeps firing: counted, not re-sent
    s.clock.advance(30_000);
    await fake.part.evaluate();
    const alert = await alertOf(rule.id);
    expect([fake.sends.length, fake.posts.length, alert.occurrences, alert.status]).toEqual([1, 2, 2, "firing"]);
  });

  it("escalates when nobody acknowledges, stops once acknowledged, refreshes every card; recovers with a notice", async () => {
    const rule = (await fake.part.service.rules.list({ page: 1, page_size: 50, kind: "metric" })).items.find((r) => r.filters.route === "/a")!;
    s.clock.advance(5 * MIN);
    await fake.part.evaluate();
    let alert = await alertOf(rule.id);
    expect([alert.escalation_step, alert.level]).toEqual([1, "P0"]);
    expect(fake.sends.at(-1)).toMatchObject({ recipients: [ids.admin], critical: true, data: { level: "P0", escalationStep: 1 } });
    expect(fake.refreshes.at(-1)).toMatchObject({ id: alert.id, data: { level: "P0", escalationStep: 1 } });
    await fake.part.service.ack(await actor("zhangwei"), alert.id, "看一下");
    expect(fake.refreshes.at(-1)).toMatchObject({ id: alert.id, data: { status: "acknowledged", acknowledgedBy: "张伟" } });
    await expect(fake.part.service.ack(await actor("zhangwei"), alert.id)).rejects.toMatchObject({ status: 409, params: { status: "acknowledged" } });
    const before = fake.sends.length;
    s.clock.advance(30 * MIN);
    await fake.part.evaluate();
    alert = await alertOf(rule.id);
    expect([fake.sends.length - before, alert.escalation_step, alert.status]).toEqual([0, 1, "acknowledged"]);
    values["/a"] = 0.01;
    s.clock.advance(30_000);
    await fake.part.evaluate();
    alert = await alertOf(rule.id);
    expect([alert.status, alert.resolved_by]).toEqual(["resolved", null]);
    expect(fake.sends.at(-1)).toMatchObject({ type: "monitor.alert_resolved", recipients: await team(), data: { recovered: true, status: "resolved" } });
    expect(fake.refreshes.at(-1)).toMatchObject({ id: alert.id, data: { status: "resolved", recovered: true } });
    const detail = await fake.part.service.get(alert.id);
    expect(detail.events!.map((e) => e.kind)).toEqual(expect.arrayContaining(["fired", "notified", "escalated", "acknowledged", "recovered"]));
    expect(detail.events!.find((e) => e.kind === "acknowledged")).toMatchObject({ actor: ids.zhangwei, note: "看一下" });
  });

  it("repeats after the cooldown while unacknowledged; a silence suppresses it; the alert fires again when the silence ends", async () => {
    const rule = await fake.part.service.rules.create(await actor("admin"), ruleBody({ name: "重复提醒", filters: { route: "/b" }, cooldown_s: 600, recipients: { users: [ids.lina], roles: [], chats: [] } }));
    values["/b"] = 0.5;
    const start = fake.sends.length;
    await fake.part.evaluate();
    s.clock.advance(5 * MIN);
    await fake.part.evaluate();
    expect(fake.sends.length - start).toBe(1);
    s.clock.advance(5 * MIN);
    await fake.part.evaluate();
    expect(fake.sends.length - start).toBe(2);
    expect(fake.sends.at(-1)!.data.title).toContain("仍未处理");
    const alert = await alertOf(rule.id);
    const silenced = await fake.part.service.silence(await actor("zhangwei"), alert.id, "1h", "发布中");
    expect(silenced.status).toBe("silenced");
    expect(fake.refreshes.at(-1)).toMatchObject({ id: alert.id, data: { status: "silenced" } });
    s.clock.advance(30 * MIN);
    await fake.part.evaluate();
    expect(fake.sends.length - start).toBe(2);
    s.clock.advance(31 * MIN);
    await fake.part.evaluate();
    const back = await fake.part.service.get(alert.id);
    expect(back.status).toBe("firing");
    expect(back.events!.map((e) => e.kind)).toContain("unsilenced");
    // silenced past the cooldown: told again once it is audible
    expect(fake.sends.length - start).toBe(3);
  });

  it("resolved by hand stays resolved; the next true evaluation opens a new alert only after the cooldown", async () => {
    const rule = (await fake.part.service.rules.list({ page: 1, page_size: 50, kind: "metric" })).items.find((r) => r.filters.route === "/b")!;
    const first = await alertOf(rule.id);
    await fake.part.service.resolve(await actor("zhangwei"), first.id, "已修复");
    expect(fake.sends.at(-1)).toMatchObject({ type: "monitor.alert_resolved", data: { status: "resolved" } });
    await expect(fake.part.service.resolve(await actor("zhangwei"), first.id)).rejects.toMatchObject({ status: 409 });
    s.clock.advance(60_000);
    await fake.part.evaluate();
    expect((await fake.part.service.list({ page: 1, page_size: 50, rule_id: rule.id })).total).toBe(1);
    s.clock.advance(10 * MIN);
    await fake.part.evaluate();
    const all = await fake.part.service.list({ page: 1, page_size: 50, rule_id: rule.id, status: "open" });
    expect(all.total).toBe(1);
    expect(all.items[0]!.id).not.toBe(first.id);
    values["/b"] = 0;
    await fake.part.evaluate();
  });

  it("fires only once the condition held for for_s; a condition that clears before resets the wait; deleting the rule closes its alert", async () => {
    const rule = await fake.part.service.rules.create(await actor("admin"), ruleBody({ name: "持续条件", filters: { route: "/c" }, for_s: 120 }));
    values["/c"] = 1;
    await fake.part.evaluate();
    s.clock.advance(MIN);
    await fake.part.evaluate();
    values["/c"] = 0;
    s.clock.advance(MIN);
    await fake.part.evaluate();
    values["/c"] = 1;
    s.clock.advance(MIN);
    await fake.part.evaluate();
    s.clock.advance(MIN);
    await fake.part.evaluate();
    expect((await fake.part.service.list({ page: 1, page_size: 50, rule_id: rule.id })).total).toBe(0);
    s.clock.advance(MIN);
    await fake.part.evaluate();
    const alert = await alertOf(rule.id);
    expect(alert.status).toBe("firing");
    await fake.part.service.removeRule(rule.id);
    expect((await fake.part.service.get(alert.id)).status).toBe("resolved");
    values["/c"] = null;
  });

  it("acknowledges, silences and resolves over HTTP with monitor:ack (409 naming the status), audited", async () => {
    values["/a"] = 0.3;
    s.clock.advance(2 * 3600_000);
    for (const u of Object.keys(tokens)) tokens[u] = await s.login(u);
    await fake.part.evaluate();
    const rule = (await fake.part.service.rules.list({ page: 1, page_size: 50, kind: "metric" })).items.find((r) => r.filters.route === "/a")!;
    const alert = await alertOf(rule.id);
    expect(alert.status).toBe("firing");
    expect((await api("lina", "POST", `/alerts/${alert.id}/ack`, {})).status).toBe(403);
    expect((await api("chenjing", "GET", `/alerts/${alert.id}`)).body.data.events.length).toBeGreaterThan(0);
    expect((await api("liuyang", "POST", `/alerts/${alert.id}/ack`, {})).status).toBe(200);
    const again = await api("zhangwei", "POST", `/alerts/${alert.id}/ack`, {});
    expect([again.status, again.body.reason, again.body.message]).toEqual([409, "monitor.alerts.invalid_transition", "告警当前状态为 acknowledged，不能认领"]);
    expect((await api("zhangwei", "POST", `/alerts/${alert.id}/silence`, { duration: 0 })).body.errors[0].field).toBe("duration");
    expect((await api("zhangwei", "POST", `/alerts/${alert.id}/silence`, { duration: 90, reason: "维护" })).body.data.status).toBe("silenced");
    const silences = await api("chenjing", "GET", "/alert-silences?active=true");
    const sil = silences.body.data.items.find((x: { rule_id: string }) => x.rule_id === rule.id);
    expect(sil).toMatchObject({ active: true, reason: "维护" });
    expect((await api("zhangwei", "POST", "/alert-silences", { matchers: {}, ends_at: new Date(s.clock.now().getTime() + 3600_000).toISOString(), reason: "全部" })).status).toBe(403);
    expect((await api("zhangwei", "DELETE", `/alert-silences/${sil.id}`)).status).toBe(200);
    expect((await api("zhangwei", "GET", `/alerts/${alert.id}`)).body.data.status).toBe("acknowledged");
    expect((await api("zhangwei", "POST", `/alerts/${alert.id}/resolve`, { note: "ok" })).body.data.status).toBe("resolved");
    const open = await api("chenjing", "GET", `/alerts?status=open&rule_id=${rule.id}`);
    expect(open.body.data.total).toBe(0);
    expect((await api("chenjing", "GET", "/alerts?status=nope")).status).toBe(400);
    const audit = await s.system.db.all<{ module: string; action: string }>("SELECT module, action FROM audit_logs WHERE resource_id = ? ORDER BY ts", [alert.id]);
    expect(audit.map((r) => `${r.module}.${r.action}`)).toEqual(expect.arrayContaining(["monitor.alerts.ack", "monitor.alerts.silence", "monitor.alerts.resolve"]));
  });

  it("an arbitrary silence (monitor:manage) mutes matching open and new alerts until it is ended", async () => {
    const rule = await fake.part.service.rules.create(await actor("admin"), ruleBody({ name: "静默规则", filters: { route: "/d" }, recipients: { users: [ids.lina], roles: [], chats: [] } }));
    const ends = new Date(s.clock.now().getTime() + 3600_000).toISOString();
    const made = await api("admin", "POST", "/alert-silences", { rule_id: rule.id, matchers: {}, ends_at: ends, reason: "变更窗口" });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await api("admin", "POST", "/alert-silences", { matchers: {}, ends_at: new Date(s.clock.now().getTime() - 1000).toISOString(), reason: "过去" })).body.errors[0].field).toBe("ends_at");
    const start = fake.sends.length;
    values["/d"] = 1;
    await fake.part.evaluate();
    const alert = await alertOf(rule.id);
    expect([alert.status, alert.silenced_until, fake.sends.length - start]).toEqual(["silenced", ends, 0]);
    expect((await api("admin", "DELETE", `/alert-silences/${made.body.data.id}`)).body.data.active).toBe(false);
    // audible again and nobody was told yet: told now (by the system's own notify, the HTTP side)
    const back = await fake.part.service.get(alert.id);
    expect(back.status).toBe("firing");
    expect(back.events!.map((e) => e.kind)).toEqual(["fired", "silenced", "unsilenced", "notified"]);
    expect(await s.system.db.all("SELECT id FROM notify_events WHERE type = 'monitor.alert' AND data LIKE ?", [`%${alert.id}%`])).toHaveLength(1);
    await fake.part.evaluate();
    values["/d"] = null;
  });

  it("raises one security alert for fifty occurrences (the raiser groups by rule and labels), told once", async () => {
    const raiser = fake.part.raiser;
    const [rule] = await raiser.rulesOf("login.failures_per_address");
    expect(rule).toMatchObject({ threshold: 20, window_s: 600, level: "P1" });
    const start = fake.sends.length;
    for (let i = 0; i < 50; i++) await raiser.raise(rule!.id, { detector: "login.failures_per_address", labels: { address: "203.0.113.9" }, value: 20 + i, summary: "203.0.113.9 登录失败过多", at: s.clock.now() });
    const alerts = await fake.part.service.list({ page: 1, page_size: 50, rule_id: rule!.id });
    expect(alerts.total).toBe(1);
    expect(alerts.items[0]).toMatchObject({ occurrences: 50, labels: { address: "203.0.113.9" }, kind: "security", last_value: 69 });
    expect(fake.sends.length - start).toBe(1);
    expect(fake.sends.at(-1)!.recipients).toEqual(await s.system.iam.usersOfRole(roles.super_admin!));
  });

  it("lists open alerts, the most urgent first, on the workbench of monitor:view holders", async () => {
    const widget = await api("chenjing", "GET", "/workbench/widgets/monitor.alerts");
    expect(widget.status, JSON.stringify(widget.body)).toBe(200);
    const open = await fake.part.service.list({ page: 1, page_size: 50, status: "open" });
    expect(widget.body.data).toMatchObject({ kind: "notices", count: open.total });
    expect(widget.body.data.items[0]).toMatchObject({ title: expect.stringMatching(/^\[P[01]\] /), href: expect.stringMatching(/^\/monitor\/alerts\//) });
  });
});
