import { alertCard, type Card } from "@ops/cards";
import { afterEach, describe, expect, it } from "vitest";
import { startDingTalkFake, startFeishuFake, startSlackFake } from "../../../scripts/fakes/index.ts";
import type { BotLogger, ChatAdapter } from "../core/port.ts";
import { createDingTalkAdapter } from "./dingtalk/index.ts";
import { createFeishuAdapter } from "./feishu/index.ts";
import { createSlackAdapter } from "./slack/index.ts";

/** sendToChat (an alert to an on-call group) at each stand-in, in the platform's wire format, and updated in place. */
const quiet: BotLogger = { debug() {}, info() {}, warn() {}, error() {} };
const deps = { now: Date.now, logger: quiet, appUrl: "https://ops.example.com" };
const data = { alertId: "al_1", title: "API 5xx rate > 5%", level: "P1", source: "api-errors", firedAt: "2026-12-04T06:30:00.000Z", value: "12.5 %", condition: "> 5 %" } as const;
const firing: Card = alertCard({ ...data, status: "firing" }, "zh-CN");
const acked: Card = alertCard({ ...data, status: "acknowledged", acknowledgedBy: "张伟" }, "zh-CN");

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const started = async (adapter: ChatAdapter) => {
  await adapter.start({ accept: async () => ({ accepted: true }) });
  cleanups.push(() => adapter.stop());
  return adapter;
};

describe("sendToChat", () => {
  it("Slack: chat.postMessage to the channel id, then chat.update of that message; a channel the bot is not in is refused", async () => {
    const fake = await startSlackFake();
    cleanups.push(() => fake.stop());
    const adapter = await started(createSlackAdapter({ signingSecret: fake.signingSecret, botToken: fake.botToken, apiUrl: fake.apiUrl }, deps));
    const ref = await adapter.sendToChat("C0000OPS1", firing);
    expect(ref).toEqual({ platform: "slack", chatId: "C0000OPS1", messageId: expect.any(String) });
    const call = fake.calls.items.find((c) => c.method === "chat.postMessage")!;
    expect(call.args).toMatchObject({ channel: "C0000OPS1", text: "[P1] API 5xx rate &gt; 5% · 告警中" });
    const [posted] = fake.messagesIn("C0000OPS1");
    expect(JSON.stringify(posted!.blocks)).toContain("alert.ack");

    await adapter.update(ref, acked);
    const now = fake.message("C0000OPS1", ref.messageId)!;
    expect(now.history).toHaveLength(1);
    expect(JSON.stringify(now.blocks)).toContain("张伟");
    expect(JSON.stringify(now.blocks)).not.toContain("alert.ack");

    await expect(adapter.sendToChat("C0NOTJOINED", firing)).rejects.toMatchObject({ data: { error: "channel_not_found" } });
  });

  it("Feishu: im/v1/messages with receive_id_type=chat_id and the card as a string, patched in place; an unknown chat is refused", async () => {
    const fake = await startFeishuFake();
    cleanups.push(() => fake.stop());
    const config = { appId: fake.appId, appSecret: fake.appSecret, verificationToken: fake.verificationToken, domain: fake.url };
    const adapter = await started(createFeishuAdapter(config, deps));
    const ref = await adapter.sendToChat("oc_fake_ops", firing);
    expect(ref).toEqual({ platform: "feishu", chatId: "oc_fake_ops", messageId: expect.stringMatching(/^om_/) });
    const call = fake.calls.items.find((c) => c.path === "/open-apis/im/v1/messages")!;
    expect(call.query).toEqual({ receive_id_type: "chat_id" });
    expect(call.body).toMatchObject({ receive_id: "oc_fake_ops", msg_type: "interactive", content: expect.any(String) });
    const [posted] = fake.messagesIn("oc_fake_ops");
    expect(posted!.chat_type).toBe("group");
    expect(JSON.stringify(fake.card(posted!.message_id))).toContain("alert.ack");

    await adapter.update(ref, acked);
    const card = JSON.stringify(fake.card(ref.messageId));
    expect(card).toContain("张伟");
    expect(card).not.toContain("alert.ack");

    await expect(adapter.sendToChat("oc_not_a_member", firing)).rejects.toMatchObject({ code: "bot.feishu_api_failed" });
  });

  it("DingTalk: an interactive card delivered into the group's space (createAndDeliver IM_GROUP with the robot), updated by its outTrackId", async () => {
    const fake = await startDingTalkFake();
    cleanups.push(() => fake.stop());
    const adapter = await started(createDingTalkAdapter({ clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: fake.url, mode: "http" }, deps));
    const ref = await adapter.sendToChat("cidOnCall0001==", firing);
    expect(ref).toEqual({ platform: "dingtalk", chatId: "cidOnCall0001==", messageId: expect.any(String) });
    const created = fake.calls.items.find((c) => c.path === "/v1.0/card/instances/createAndDeliver")!;
    expect(created.body).toMatchObject({
      outTrackId: ref.messageId, callbackType: "STREAM", openSpaceId: "dtv1.card//IM_GROUP.cidOnCall0001==",
      imGroupOpenDeliverModel: { robotCode: fake.robotCode },
    });
    const [posted] = fake.cardsIn("cidOnCall0001==");
    expect(posted!.outTrackId).toBe(ref.messageId);
    expect(JSON.stringify(posted!.cardData)).toContain("alert.ack");

    await adapter.update(ref, acked);
    expect(JSON.stringify(fake.card(ref.messageId)!.cardData)).toContain("张伟");
    expect(fake.card(ref.messageId)!.history).toHaveLength(1);
  });
});
