import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeWecomRobot, type FakeWecomRobot } from "../../../../../scripts/fakes/wecom-robot.ts";
import { createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";
import { maskRobotUrl, robotMarkdown, WECOM_MARKDOWN_MAX_BYTES } from "./wecom-robot.ts";

describe("WeCom group robots (OPS_WEBHOOK_ALLOW_PRIVATE=1: the stand-in is on 127.0.0.1)", () => {
  let kit: NotifyKit;
  let admin: string;
  let robot: FakeWecomRobot;

  beforeAll(async () => {
    kit = await createNotifyKit({ env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1" } });
    admin = await kit.s.login("admin");
    robot = startFakeWecomRobot();
  });
  afterAll(async () => {
    await kit?.close();
    await robot?.close();
  });

  it("keeps the robot URL sealed: lists show it masked and no signing secret is issued", async () => {
    const created = await kit.api("POST", "/notify/webhooks", admin, { name: "值班群", kind: "wecom", url: robot.url, types: ["never.sent"] });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ kind: "wecom", mentions: [] });
    expect(created.body.data.secret).toBeUndefined();
    const listed = JSON.stringify((await kit.api("GET", "/notify/webhooks", admin)).body.data);
    expect(listed).not.toContain("test-robot-key");
    expect(listed).toContain("key=test••••");
    const row = await kit.s.system.db.get<{ url: string; secret: string }>("SELECT url, secret FROM notify_webhooks WHERE id = ?", [created.body.data.id]);
    expect(row!.url).not.toContain("test-robot-key");
    expect(row!.secret).not.toContain("test-robot-key");
    await kit.api("DELETE", `/notify/webhooks/${created.body.data.id}`, admin);
  });

  it("refuses a URL that is not a robot's and a bad @ entry, naming the field, and stores nothing", async () => {
    const before = (await kit.api("GET", "/notify/webhooks", admin)).body.data.length;
    const badUrl = await kit.api("POST", "/notify/webhooks", admin, { name: "x", kind: "wecom", url: "http://127.0.0.1:9/hook", types: ["*"] });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.errors).toEqual([{ field: "url", message: expect.stringContaining("企业微信群机器人") }]);
    const badMention = await kit.api("POST", "/notify/webhooks", admin, { name: "x", kind: "wecom", url: robot.url, types: ["*"], mentions: ["张伟"] });
    expect(badMention.status).toBe(400);
    expect(badMention.body.errors[0].field).toBe("mentions.0");
    expect((await kit.api("GET", "/notify/webhooks", admin)).body.data.length).toBe(before);
  });

  it("posts a subscribed event as markdown, then @s the listed mobiles; a rate-limited answer is retried", async () => {
    const created = await kit.api("POST", "/notify/webhooks", admin, {
      name: "告警群", kind: "wecom", url: robot.url, types: ["monitor.alert"], mentions: ["13800000001", "13800000002"],
    });
    robot.messages.clear();
    robot.fail(1, 45009);
    const sent = await kit.api("POST", "/notify/send", admin, {
      type: "monitor.alert", recipients: [await kit.userId("lina")], data: { title: "API 5xx 比例过高", body: "当前 12.5 %（阈值 > 5 %）" },
    });
    expect(sent.body.data.webhooks).toBe(1);
    const eventId = sent.body.data.event_id as string;
    const robotRows = async () => (await logRows(kit, { eventId })).filter((r) => r.channel === "webhook");
    await kit.until(async () => (await robotRows()).some((r) => r.status === "retry"), "rate-limited attempt");
    kit.advance(60_000);
    await kit.until(async () => (await robotRows()).some((r) => r.status === "sent"), "robot message sent");
    const got = await robot.messages.waitFor(2);
    expect(got[0]).toMatchObject({ msgtype: "markdown" });
    expect(got[0]!.content).toContain("**API 5xx 比例过高**");
    expect(got[0]!.content).toContain("当前 12.5 %");
    expect(got[1]).toMatchObject({ msgtype: "text", mentions: ["13800000001", "13800000002"] });
    expect((await robotRows()).find((r) => r.status === "sent")!.target).toMatch(/^wecom:127\.0\.0\.1:/);
    await kit.api("DELETE", `/notify/webhooks/${created.body.data.id}`, admin);
  });

  it("reaches a robot the sender names (an alert rule's robot) with no user recipients; an unknown id is a 400", async () => {
    const created = await kit.api("POST", "/notify/webhooks", admin, { name: "规则机器人", kind: "wecom", url: robot.url, types: ["never.subscribed"] });
    robot.messages.clear();
    const sent = await kit.api("POST", "/notify/send", admin, { type: "monitor.alert", recipients: [], webhooks: [created.body.data.id], data: { title: "任务失败率过高" } });
    expect(sent.status).toBe(201);
    expect(sent.body.data).toMatchObject({ recipients: 0, webhooks: 1 });
    expect((await robot.messages.waitFor(1))[0]!.content).toContain("任务失败率过高");
    const unknown = await kit.api("POST", "/notify/send", admin, { type: "monitor.alert", recipients: [], webhooks: ["nope"], data: { title: "x" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe("webhooks");
    const nobody = await kit.api("POST", "/notify/send", admin, { type: "monitor.alert", recipients: [], data: { title: "x" } });
    expect(nobody.status).toBe(400);
    expect(nobody.body.errors[0].field).toBe("recipients");
    await kit.api("DELETE", `/notify/webhooks/${created.body.data.id}`, admin);
  });

  it("fails for good on an unknown key (errcode 93000) without retrying", async () => {
    const created = await kit.api("POST", "/notify/webhooks", admin, {
      name: "旧群", kind: "wecom", url: robot.url.replace("test-robot-key", "revoked-robot-key"), types: ["robot.gone"],
    });
    const sent = await kit.api("POST", "/notify/send", admin, { type: "robot.gone", recipients: [await kit.userId("lina")], data: { title: "x" } });
    const eventId = sent.body.data.event_id as string;
    await kit.until(async () => (await logRows(kit, { eventId })).some((r) => r.channel === "webhook" && r.status === "failed"), "refused by the robot");
    const rows = (await logRows(kit, { eventId })).filter((r) => r.channel === "webhook");
    expect(rows.map((r) => r.status)).toEqual(["failed"]);
    expect(rows[0]!.error).toContain("errcode 93000");
    await kit.api("DELETE", `/notify/webhooks/${created.body.data.id}`, admin);
  });

  it("cuts long markdown at WeCom's byte limit and masks the key", () => {
    const text = robotMarkdown({ title: "标题", body: "长".repeat(3000) }, "https://ops.example.com/monitor/alerts/1");
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(text.endsWith("…")).toBe(true);
    expect(maskRobotUrl("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef123456")).toBe("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd••••");
  });
});
