/**
 * Transport hardening through the stand-ins and the real SDKs: Slack events without an event_id are
 * not taken for duplicates of each other (and every drop is logged with its key); a click on a
 * Feishu button that is not ours gets the "this button has expired" toast; answers stay in the
 * thread they came from; in a 1:1 chat the bind link is a normal reply, with who asked; the audit
 * rows a chat command causes name the platform and the command.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ slack: true, feishu: { encryptKey: "e2e-encrypt-key" } });
  await h.bind("slack", "U0000ALICE", "lina");
  await h.bind("feishu", "ou_fake_alice", "lina");
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

describe("threads", () => {
  it("answers a Slack mention inside a thread in that thread", async () => {
    const mark = h.slack!.messages.mark();
    const thread = "1700000100.000001";
    await h.slack!.sendEvent(`${h.url}/bot/slack/events`, { type: "app_mention", user: "U0000ALICE", text: "<@U0000BOT1> whoami", channel: "C0000OPS1", ts: "1700000100.000009", thread_ts: thread });
    const answer = await h.slack!.messages.waitFor(() => true, { since: mark });
    expect(answer).toMatchObject({ channel: "C0000OPS1", thread_ts: thread });
  });

  it("answers a Feishu message in a thread through the reply API, in the thread; others as new messages", async () => {
    const feishu = h.feishu!;
    let mark = feishu.messages.mark();
    await feishu.sendMessageEvent(`${h.url}/bot/feishu/events`, { text: "whoami", open_id: "ou_fake_alice", mentionBot: true, message_id: "om_user_in_thread", root_id: "om_thread_root" });
    const inThread = await feishu.messages.waitFor(() => true, { since: mark });
    expect(inThread).toMatchObject({ chat_id: "oc_fake_ops", parent_id: "om_user_in_thread", root_id: "om_thread_root", thread_id: expect.stringMatching(/^omt_/) });
    expect(feishu.calls.items.some((c) => c.path === "/open-apis/im/v1/messages/om_user_in_thread/reply" && c.body.reply_in_thread === true)).toBe(true);
    mark = feishu.messages.mark();
    await feishu.sendMessageEvent(`${h.url}/bot/feishu/events`, { text: "whoami", open_id: "ou_fake_alice", mentionBot: true });
    const plain = await feishu.messages.waitFor(() => true, { since: mark });
    expect(plain.parent_id).toBeUndefined();
  });
});

describe("the bind link in a 1:1 chat, and who asked", () => {
  it("replies in the DM itself, and the confirm page learns the Slack display name and workspace", async () => {
    const slack = h.slack!;
    const ephemerals = slack.ephemerals.items.length;
    const mark = slack.messages.mark();
    await slack.sendEvent(`${h.url}/bot/slack/events`, { type: "message", channel_type: "im", channel: "D0000BOB01", user: "U0000BOB01", text: "bind", ts: "1700000200.000001" });
    const card = await slack.messages.waitFor(() => true, { since: mark });
    expect(card.channel).toBe("D0000BOB01");
    const code = /bindings\?code=([A-Z0-9-]+)/.exec(JSON.stringify(card.blocks))?.[1];
    expect(code).toBeTruthy();
    await h.settled();
    expect(slack.ephemerals.items.length).toBe(ephemerals);
    const preview = await h.req("GET", `/api/v1/im/bind-requests/${code}`, { token: await h.login("wangfang") });
    expect(preview.body.data).toMatchObject({ platform: "slack", external_user_id: "U0000BOB01", name: "bob", workspace_id: "T0000FAKE" });
  });
});

describe("who asks, on Feishu", () => {
  it("looks the display name up in the contact API and passes the tenant, for the confirm page", async () => {
    const feishu = h.feishu!;
    const mark = feishu.messages.mark();
    await feishu.sendMessageEvent(`${h.url}/bot/feishu/events`, { text: "bind", open_id: "ou_fake_bob", mentionBot: true });
    const card = await feishu.messages.waitFor((m) => m.chat_type === "p2p", { since: mark });
    const code = /bindings\?code=([A-Z0-9-]+)/.exec(card.content)?.[1];
    const preview = await h.req("GET", `/api/v1/im/bind-requests/${code}`, { token: await h.login("wangfang") });
    expect(preview.body.data).toMatchObject({ platform: "feishu", external_user_id: "ou_fake_bob", name: "Bob", workspace_id: "fake_tenant_key" });
  });
});

describe("audit of chat commands", () => {
  it("records the platform and the command on the rows the command causes (message refs included)", async () => {
    await h.settled();
    const sent = await h.slack!.sendSlashCommand(`${h.url}/bot/slack/events`, { command: "/ops", text: "whoami  ", user_id: "U0000ALICE" });
    expect(sent.status).toBe(200);
    await h.slack!.messages.waitFor((m) => m.text.includes("李娜") && !m.thread_ts, { since: h.slack!.messages.items.length - 1 });
    await h.settled();
    const rows = await h.system.db.all<{ via: string; actor_name: string | null; action: string }>(
      "SELECT via, actor_name, action FROM audit_logs WHERE action = 'im.message.record' AND via LIKE 'slack:%'",
    );
    expect(rows).toContainEqual({ via: "slack: whoami", actor_name: "lina", action: "im.message.record" });
    const bind = await h.system.db.all<{ via: string }>("SELECT via FROM audit_logs WHERE action = 'im.bind_request' AND via = 'slack: bind'");
    expect(bind.length).toBeGreaterThan(0);
    // The bot's own calls for no chat account (notification cards, delivery results) say so.
    const web = await h.system.db.all<{ n: number }>("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM audit_logs WHERE action = 'im.message.record' AND via = 'web'");
    expect(web[0]!.n).toBe(0);
  });
});
