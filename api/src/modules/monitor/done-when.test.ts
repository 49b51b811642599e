import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, type TestSystem } from "../../testing/harness.ts";
import { createMonitorTestSystem, spike, STATUS_ROUTE } from "./metrics/monitor.testkit.ts";

const MIN = 60_000;

/**
 * Issue 13's first done-when, API side: a rule "api.error_rate > 5 % over 1 min" driven by failing requests through the
 * real request observer and series fires one P1 alert (one notice per recipient, one card per chat group), escalates
 * when nobody acknowledges it, stops escalating once acknowledged, and closes with a notice when resolved.
 */
describe.each(ENGINES)("monitor done-when: a 5xx spike alerts once, escalates, stops on ack, resolves with a notice (%s)", (engine) => {
  let s: TestSystem;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const api = (who: string, method: string, path: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: tokens[who]!, body });
  const signIn = async () => {
    for (const u of ["admin", "zhangwei"]) tokens[u] = await s.login(u);
  };
  const events = (type: string) =>
    s.system.db.all<{ data: string; critical: number | boolean }>("SELECT data, critical FROM notify_events WHERE type = ? ORDER BY created_at, id", [type]);
  const chatPosts = () => s.system.db.all<{ payload: string }>("SELECT payload FROM queue_jobs WHERE name = 'chat.post' ORDER BY seq");
  const evaluate = () => s.system.monitor.parts.alerts.evaluate();

  beforeAll(async () => {
    s = await createMonitorTestSystem({ engine, demoSeeders: ["company"] });
    await signIn();
    for (const u of await s.system.db.all<{ id: string; username: string }>("SELECT id, username FROM users WHERE username IN ('admin', 'lina', 'zhangwei')")) ids[u.username] = u.id;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it("fires one P1 alert, escalates unacknowledged, stops on ack, resolves with a notice", async () => {
    const rule = await api("admin", "POST", "/alert-rules", {
      name: "API 5xx 比例过高", metric: "api.error_rate", filters: { route: STATUS_ROUTE }, agg: "value", op: ">", threshold: 0.05, window_s: 60, level: "P1",
      recipients: { users: [ids.lina, ids.zhangwei], chats: [{ platform: "slack", chat_id: "C0OPS" }, { platform: "feishu", chat_id: "oc_ops" }] },
      cooldown_s: 3600, escalation: { after_min: 5, recipients: { users: [ids.admin] } },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const ruleId = rule.body.data.id as string;

    await spike(s, { ok: 20, failed: 1 });
    await evaluate();
    expect((await api("admin", "GET", `/alerts?rule_id=${ruleId}`)).body.data.total).toBe(0);
    const probe = await api("admin", "POST", `/alert-rules/${ruleId}/test`);
    expect(probe.body.data.groups).toEqual([expect.objectContaining({ firing: false })]);

    s.clock.advance(MIN);
    await spike(s, { ok: 10, failed: 5 });
    await evaluate();
    await evaluate();
    const alerts = (await api("admin", "GET", `/alerts?rule_id=${ruleId}&status=open`)).body.data;
    expect(alerts.total).toBe(1);
    const alert = alerts.items[0];
    expect(alert).toMatchObject({ level: "P1", status: "firing", escalation_step: 0 });
    const fired = await events("monitor.alert");
    expect(fired).toHaveLength(1);
    expect(Boolean(Number(fired[0]!.critical))).toBe(true);
    // the 1-minute window [t - 60 s, t] holds both minutes' points: (1 + 5) / (21 + 15)
    expect(JSON.parse(fired[0]!.data)).toMatchObject({ card: "alert", alertId: alert.id, level: "P1", status: "firing", value: "16.67 %", condition: "> 5 %" });
    const posts = (await chatPosts()).map((j) => JSON.parse(j.payload));
    expect(posts.map((p) => [p.platform, p.chatId, p.card.kind, p.entity.id]).sort()).toEqual([["feishu", "oc_ops", "alert", alert.id], ["slack", "C0OPS", "alert", alert.id]]);

    // nobody acknowledges: after 5 minutes the escalation recipients hear of it, one level up
    s.clock.advance(5 * MIN);
    await evaluate();
    const escalated = (await api("admin", "GET", `/alerts/${alert.id}`)).body.data;
    expect(escalated).toMatchObject({ level: "P0", escalation_step: 1, status: "firing" });
    const notices = await events("monitor.alert");
    expect(notices).toHaveLength(2);
    expect(JSON.parse(notices[1]!.data)).toMatchObject({ level: "P0", escalationStep: 1 });

    await signIn();
    const acked = await api("zhangwei", "POST", `/alerts/${alert.id}/ack`, { note: "在处理" });
    expect([acked.status, acked.body.data.status, acked.body.data.acknowledged_by]).toEqual([200, "acknowledged", ids.zhangwei]);
    s.clock.advance(15 * MIN);
    await evaluate();
    expect(await events("monitor.alert")).toHaveLength(2);
    await signIn();
    expect((await api("admin", "GET", `/alerts/${alert.id}`)).body.data).toMatchObject({ escalation_step: 1, status: "acknowledged" });

    const resolved = await api("zhangwei", "POST", `/alerts/${alert.id}/resolve`, { note: "已回滚" });
    expect(resolved.body.data.status).toBe("resolved");
    const closing = await events("monitor.alert_resolved");
    expect(closing).toHaveLength(1);
    expect(JSON.parse(closing[0]!.data)).toMatchObject({ alertId: alert.id, status: "resolved" });
    const kinds = (await api("admin", "GET", `/alerts/${alert.id}`)).body.data.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["fired", "notified", "escalated", "acknowledged", "resolved"]));
  });
});
