/**
 * Transport hardening through the stand-ins and the real SDKs: Slack events without an event_id are
 * not taken for duplicates of each other (and every drop is logged with its key); a click on a
 * Feishu button that is not ours gets the "this button has expired" toast.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ slack: true, feishu: { encryptKey: "e2e-encrypt-key" } });
  await h.bind("slack", "U0000ALICE", "lina");
});
afterAll(async () => {
  await h?.close();
});

describe("Slack events without event_id", () => {
  it("answers each of two different events, drops a redelivery of one, and logs the drop with its key", async () => {
    const slack = h.slack!;
    const url = `${h.url}/bot/slack/events`;
    const mark = slack.messages.mark();
    const event = (ts: string) => ({ type: "app_mention", user: "U0000ALICE", text: "<@U0000BOT1> whoami", channel: "C0000OPS1", ts, event_ts: ts });
    const first = await slack.sendEvent(url, event("1700000000.000100"), { eventId: null });
    await slack.sendEvent(url, event("1700000000.000200"), { eventId: null });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.sent.body)).not.toHaveProperty("event_id");
    expect((await slack.redeliver(first, { retryNum: 1, retryReason: "http_timeout" })).status).toBe(200);
    await h.settled();
    const answers = slack.messages.items.slice(mark);
    expect(answers.map((m) => m.text)).toEqual([expect.stringContaining("李娜"), expect.stringContaining("李娜")]);
    const drops = h.logs.filter((l) => l.msg === "duplicate dropped");
    expect(drops).toEqual([expect.objectContaining({ fields: expect.objectContaining({ key: "slack:T0000FAKE:C0000OPS1:1700000000.000100:app_mention" }) })]);
  });
});

describe("Feishu card callbacks", () => {
  it("answers a click on a button that is not ours with the expired-button toast", async () => {
    const feishu = h.feishu!;
    const foreign = { schema: "2.0", body: { elements: [{ tag: "button", text: { tag: "plain_text", content: "Other app" }, behaviors: [{ type: "callback", value: { vote: "yes" } }] }] } };
    const msg = feishu.tenant.addMessage("oc_fake_ops", "group", "interactive", JSON.stringify(foreign));
    const r = await feishu.sendCardAction(`${h.url}/bot/feishu/cards`, { message_id: msg.message_id, open_id: "ou_fake_alice", button_text: "Other app" });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ toast: { type: "warning", content: "这个按钮已失效，请重新发送命令", i18n: { zh_cn: "这个按钮已失效，请重新发送命令", en_us: "This button no longer works; send the command again" } } });
    expect(feishu.callbacks.items.at(-1)).toMatchObject({ toast: { type: "warning" } });
  });
});
