import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";

describe("digest batching", () => {
  let kit: NotifyKit;
  let admin: string;
  let userId: string;
  let token: string;
  beforeAll(async () => {
    kit = await createNotifyKit({ options: { digestWindowMs: 10 * 60_000 } });
    admin = await kit.s.login("admin");
    userId = await kit.userId("zhangwei");
    token = await kit.s.login("zhangwei");
    await kit.api("PUT", "/notifications/preferences", token, {
      defaults: { channels: { im: "off", push: "off", email: "on", sms: "off" } },
      types: [{ type: "job.succeeded", digest: true }],
    });
  });
  afterAll(() => kit?.close());

  const digests = () => kit.events.filter((e) => e.kind === "digest");

  it("folds the events of a digest type within the window into one message, keeping each in the inbox", async () => {
    const send = (title: string) => kit.api("POST", "/notify/send", admin, { type: "job.succeeded", recipients: [userId], data: { title } });
    for (const title of ["nightly-etl", "hourly-sync", "weekly-report"]) expect((await send(title)).body.data.digested).toBe(1);
    expect((await kit.api("GET", "/notifications?type=job.succeeded", token)).body.data.total).toBe(3);
    expect(kit.smtp.mail.items).toHaveLength(0);

    kit.advance(10 * 60_000);
    await kit.until(() => digests().length === 1, "the digest flush");
    await kit.until(() => kit.smtp.mail.items.length === 1, "one digest email");
    const [mail] = kit.smtp.mail.items;
    expect(mail!.subject).toBe("3 条通知：job.succeeded");
    expect(mail!.text).toContain("• nightly-etl\n• hourly-sync\n• weekly-report");
    const digest = digests()[0]!;
    expect(digest).toMatchObject({ count: 3, userId, type: "job.succeeded" });
    await kit.until(async () => (await logRows(kit, { eventId: digest.kind === "digest" ? digest.eventId : "" })).some((r) => r.status === "sent"), "digest logged");
  });

  it("sends critical events at once, and a lone event of a window as itself", async () => {
    const critical = await kit.api("POST", "/notify/send", admin, { type: "job.succeeded", recipients: [userId], critical: true, data: { title: "prod deploy" } });
    expect(critical.body.data).toMatchObject({ digested: 0, deliveries: 4 });
    await kit.until(() => kit.smtp.mail.items.some((m) => m.subject === "prod deploy"), "critical email");

    const mails = kit.smtp.mail.items.length;
    await kit.api("POST", "/notify/send", admin, { type: "job.succeeded", recipients: [userId], data: { title: "lonely" } });
    kit.advance(10 * 60_000);
    await kit.until(() => digests().length === 2, "second flush");
    await kit.until(() => kit.smtp.mail.items.length === mails + 1, "lone email");
    expect(kit.smtp.mail.items.at(-1)!.subject).toBe("lonely");
  });
});
