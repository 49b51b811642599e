import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";
import { nextChannel, planChannels, type Effective } from "./preferences.ts";
import { DEFAULT_MODES } from "../notify.schema.ts";

describe("channel planning", () => {
  const eff: Effective = { order: ["im", "push", "email", "sms"], channels: { ...DEFAULT_MODES, push: "off", sms: "fallback" }, digest: false };

  it("uses the channels switched on, in the user's order; critical uses every channel", () => {
    expect(planChannels(eff, false)).toEqual({ inapp: true, outbound: ["im", "email"] });
    expect(planChannels({ ...eff, channels: { ...eff.channels, inapp: "off" } }, true)).toEqual({ inapp: true, outbound: ["im", "push", "email", "sms"] });
  });

  it("fails over to the next unused channel the user did not switch off, wrapping round", () => {
    expect(nextChannel(eff, false, "im", new Set(["im", "email"]))).toBe("sms");
    expect(nextChannel(eff, false, "sms", new Set(["sms", "email"]))).toBe("im");
    expect(nextChannel(eff, false, "email", new Set(["im", "email", "sms"]))).toBeNull();
    expect(nextChannel(eff, true, "email", new Set(["im", "email", "sms"]))).toBe("push");
  });
});

describe("preferences over HTTP", () => {
  let kit: NotifyKit;
  let admin: string;
  beforeAll(async () => {
    kit = await createNotifyKit();
    admin = await kit.s.login("admin");
  });
  afterAll(() => kit?.close());

  it("starts from the defaults and keeps per-type overrides on top of the user's defaults", async () => {
    const token = await kit.s.login("wangfang");
    const initial = await kit.api("GET", "/notifications/preferences", token);
    expect(initial.body.data).toEqual({ order: ["im", "push", "email", "sms"], defaults: { channels: DEFAULT_MODES, digest: false }, types: [] });

    const put = await kit.api("PUT", "/notifications/preferences", token, {
      order: ["email", "im"],
      defaults: { channels: { push: "off" } },
      types: [{ type: "report.daily", channels: { email: "off", inapp: "off" }, digest: true }],
    });
    expect(put.status).toBe(200);
    expect(put.body.data.order).toEqual(["email", "im", "push", "sms"]);
    expect(put.body.data.defaults.channels.push).toBe("off");
    expect(put.body.data.types).toEqual([{
      type: "report.daily",
      channels: { ...DEFAULT_MODES, push: "off", email: "off", inapp: "off" },
      digest: true,
      overrides: { channels: { email: "off", inapp: "off" }, digest: true },
    }]);
    const bad = await kit.api("PUT", "/notifications/preferences", token, { order: ["email", "email"] });
    expect(bad.status).toBe(400);
    expect((await kit.api("GET", "/notifications/preferences", token)).body.data.order).toEqual(["email", "im", "push", "sms"]);
  });

  it("sends only on the channels the preferences leave on, and critical ones on every channel", async () => {
    const userId = await kit.userId("chenjing");
    const token = await kit.s.login("chenjing");
    await kit.api("PUT", "/notifications/preferences", token, {
      types: [{ type: "audit.weekly", channels: { inapp: "off", im: "off", push: "off", email: "on", sms: "off" }, digest: true }],
    });
    const quiet = await kit.api("POST", "/notify/send", admin, { type: "audit.weekly", recipients: [userId], data: { title: "weekly" } });
    expect(quiet.body.data).toMatchObject({ deliveries: 0, digested: 1 });
    expect((await kit.api("GET", "/notifications?type=audit.weekly", token)).body.data.total).toBe(0);

    const critical = await kit.api("POST", "/notify/send", admin, { type: "audit.weekly", recipients: [userId], critical: true, data: { title: "tampering detected" } });
    expect(critical.body.data).toMatchObject({ deliveries: 4, digested: 0 });
    const eventId = critical.body.data.event_id as string;
    const inbox = await kit.api("GET", "/notifications?type=audit.weekly", token);
    expect(inbox.body.data.items).toMatchObject([{ title: "tampering detected", critical: true }]);
    await kit.until(async () => (await logRows(kit, { eventId })).filter((r) => r.status !== "sending").length >= 4, "four settled attempts");
    const rows = await logRows(kit, { eventId });
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(["im", "push", "email", "sms"]));
    expect(rows.filter((r) => r.status === "sent").map((r) => r.channel).sort()).toEqual(["email", "sms"]);
  });
});
