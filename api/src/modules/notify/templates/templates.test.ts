import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyKit, type NotifyKit } from "../notify.testkit.ts";

describe("templates with versions, channels and languages", () => {
  let kit: NotifyKit;
  let admin: string;
  beforeAll(async () => {
    kit = await createNotifyKit();
    admin = await kit.s.login("admin");
  });
  afterAll(() => kit?.close());

  it("creates, versions, previews and deletes a template (notify:manage only)", async () => {
    const body = { type: "job.failed", channel: "email", locale: "zh-CN", title: "作业 ${job} 失败", body: "退出码 ${code}" };
    expect((await kit.api("POST", "/notify/templates", await kit.s.login("lina"), body)).status).toBe(403);
    const created = await kit.api("POST", "/notify/templates", admin, body);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ version: 1, title: "作业 ${job} 失败" });
    expect((await kit.api("POST", "/notify/templates", admin, body)).body.reason).toBe("notify.template_exists");
    const id = created.body.data.id as string;

    const v2 = await kit.api("PUT", `/notify/templates/${id}`, admin, { title: "【失败】${job}", body: "退出码 ${code}，见 ${url}" });
    expect(v2.body.data.version).toBe(2);
    expect(v2.body.data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const preview = await kit.api("POST", "/notify/templates/preview", admin, { template_id: id, data: { job: "etl", code: 3 } });
    expect(preview.body.data).toEqual({ title: "【失败】etl", body: "退出码 3，见 ", missing: ["url"] });
    const old = await kit.api("POST", "/notify/templates/preview", admin, { template_id: id, version: 1, data: { job: "etl" } });
    expect(old.body.data.title).toBe("作业 etl 失败");
    const adhoc = await kit.api("POST", "/notify/templates/preview", admin, { title: "${a.b}!", data: { a: { b: "deep" } } });
    expect(adhoc.body.data.title).toBe("deep!");

    const list = await kit.api("GET", "/notify/templates?type=job.failed", admin);
    expect(list.body.data.items).toMatchObject([{ id, version: 2, channel: "email" }]);
    expect((await kit.api("DELETE", `/notify/templates/${id}`, admin)).status).toBe(200);
    expect((await kit.api("GET", `/notify/templates/${id}`, admin)).status).toBe(404);
  });

  it("renders each recipient's message in their language, per channel, falling back to the default channel", async () => {
    await kit.api("POST", "/notify/templates", admin, { type: "approval.requested", channel: "default", locale: "zh-CN", title: "待审批：${name}", body: "申请人 ${by}" });
    await kit.api("POST", "/notify/templates", admin, { type: "approval.requested", channel: "default", locale: "en", title: "Approval needed: ${name}", body: "from ${by}" });
    await kit.api("POST", "/notify/templates", admin, { type: "approval.requested", channel: "email", locale: "en", title: "[OPS] Approve ${name}", body: "Requested by ${by}" });
    const zhId = await kit.userId("lina");
    const enId = await kit.userId("liuyang");
    await kit.s.system.db.run("UPDATE users SET locale = 'en' WHERE id = ?", [enId]);
    for (const username of ["lina", "liuyang"]) {
      await kit.api("PUT", "/notifications/preferences", await kit.s.login(username), { defaults: { channels: { im: "off", push: "off", email: "on", sms: "off" } } });
    }
    await kit.api("POST", "/notify/send", admin, { type: "approval.requested", recipients: [zhId, enId], data: { name: "VPN access", by: "wangfang" } });

    const inbox = async (username: string) => (await kit.api("GET", "/notifications?type=approval.requested", await kit.s.login(username))).body.data.items[0];
    expect(await inbox("lina")).toMatchObject({ title: "待审批：VPN access", body: "申请人 wangfang" });
    expect(await inbox("liuyang")).toMatchObject({ title: "Approval needed: VPN access", body: "from wangfang" });
    await kit.until(() => kit.smtp.mail.items.length >= 2, "two emails");
    const subjects = Object.fromEntries(kit.smtp.mail.items.map((m) => [m.to[0], m.subject]));
    expect(subjects).toEqual({ "lina@example.com": "待审批：VPN access", "liuyang@example.com": "[OPS] Approve VPN access" });
  });
});
