/**
 * DingTalk's side of "a bind link goes to the asker alone": in a 1:1 robot chat it is the normal
 * session reply; in a group it is a robot 1:1 message (oToMessages/batchSend) and the group only
 * hears that it was sent privately.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ dingtalk: true });
});
afterAll(async () => {
  await h?.close();
});

const sessionPosts = (since: number) => h.dingtalk!.webhooks.items.slice(since).map((w) => ({ conversationId: w.conversationId, body: JSON.stringify(w.body) }));

describe("DingTalk bind links", () => {
  it("answers in the 1:1 robot chat itself", async () => {
    const since = h.dingtalk!.webhooks.items.length;
    const robot = h.dingtalk!.robotMessages.items.length;
    await h.dingtalk!.pushRobotMessage({ text: "绑定", userId: "bob02", conversationType: "1" }).ack;
    await h.dingtalk!.webhooks.waitFor(() => true, { since });
    await h.settled();
    const posts = sessionPosts(since);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.conversationId).toBe("cidFakeP2pbob02==");
    expect(posts[0]!.body).toContain("/account/bindings?code=");
    expect(h.dingtalk!.robotMessages.items.length).toBe(robot);
  });

  it("sends it as a robot 1:1 message from a group, where only the notice appears", async () => {
    const since = h.dingtalk!.webhooks.items.length;
    await h.dingtalk!.pushRobotMessage({ text: "绑定", userId: "alice01", conversationType: "2" }).ack;
    const privately = await h.dingtalk!.robotMessages.waitFor((m) => m.userId === "alice01");
    await h.settled();
    expect(privately).toMatchObject({ robotCode: h.dingtalk!.robotCode, msgKey: "sampleActionCard" });
    expect(String(privately.msgParam.singleURL)).toMatch(/^https:\/\/ops\.example\.com\/account\/bindings\?code=/);
    const posts = sessionPosts(since);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.conversationId).toBe("cidFakeGroup0001==");
    expect(posts[0]!.body).toContain("绑定链接已私信发给你");
    expect(posts[0]!.body).not.toContain("/account/bindings?code=");
  });
});
