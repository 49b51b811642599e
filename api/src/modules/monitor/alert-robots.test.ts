import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSystem } from "../../testing/harness.ts";
import { startFakeWecomRobot, type FakeWecomRobot } from "../../../../scripts/fakes/wecom-robot.ts";
import { createMonitorTestSystem, spike, STATUS_ROUTE } from "./metrics/monitor.testkit.ts";

/** Issue 15's "an alert reaches a WeCom robot": a rule whose recipients name a group robot fires into the robot stand-in. */
describe("alert rules with WeCom group robots as recipients", () => {
  let s: TestSystem;
  let robot: FakeWecomRobot;
  let admin: string;
  const api = (method: string, path: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: admin, body });

  beforeAll(async () => {
    robot = startFakeWecomRobot();
    s = await createMonitorTestSystem({ engine: "sqlite", env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1" } });
    s.system.notify.start();
    admin = await s.login("admin");
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await robot?.close();
  });

  it("refuses a robot id that is not a WeCom robot, naming the field, and stores nothing", async () => {
    const bad = await api("POST", "/alert-rules", {
      name: "坏机器人", metric: "api.error_rate", op: ">", threshold: 0.05, window_s: 60, level: "P2", recipients: { robots: ["nope"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: "recipients.robots[0]" })]);
    expect((await api("GET", "/alert-rules")).body.data.items.some((r: { name: string }) => r.name === "坏机器人")).toBe(false);
  });

  it("posts the firing alert and its recovery to the robot as markdown", async () => {
    const created = await api("POST", "/notify/webhooks", { name: "值班群机器人", kind: "wecom", url: robot.url, types: ["never.subscribed"], mentions: ["13800000001"] });
    expect(created.status).toBe(201);
    const rule = await api("POST", "/alert-rules", {
      name: "API 5xx 比例过高（群机器人）", metric: "api.error_rate", filters: { route: STATUS_ROUTE }, op: ">", threshold: 0.05, window_s: 60, level: "P1",
      recipients: { robots: [created.body.data.id] }, cooldown_s: 3600,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    await spike(s, { ok: 5, failed: 5 });
    await s.system.monitor.parts.alerts.evaluate();
    const fired = await robot.messages.waitFor(2);
    expect(fired[0]).toMatchObject({ msgtype: "markdown" });
    expect(fired[0]!.content).toContain("API 5xx 比例过高（群机器人）");
    expect(fired[1]).toMatchObject({ msgtype: "text", mentions: ["13800000001"] });
    const open = (await api("GET", `/alerts?rule_id=${rule.body.data.id}&status=open`)).body.data.items[0];
    expect((await api("POST", `/alerts/${open.id}/resolve`, { note: "已处理" })).status).toBe(200);
    const closed = await robot.messages.waitFor(4);
    expect(closed[2]!.content).toContain("API 5xx 比例过高（群机器人）");
  });
});
