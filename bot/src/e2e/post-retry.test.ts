import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/** A chat platform's hiccup retries the post of an answer, never the command (and its side effects) behind it. */
let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ slack: true });
});
afterAll(async () => {
  await h?.close();
});

describe("posting answers", () => {
  it("retries a failed post without running the command again", async () => {
    const bindRequests = async () =>
      (await h.system.db.get<{ n: number }>("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM audit_logs WHERE action = 'im.bind_request'"))!.n;
    const before = await bindRequests();
    // The bind link goes to the user alone (ephemeral): that post fails once.
    h.slack!.failNext("chat.postEphemeral", { error: "fatal_error" }, 1);
    const retry = h.botJob("im-delivery", "retry");
    const sent = await h.slack!.sendSlashCommand(`${h.url}/bot/slack/events`, { command: "/ops", text: "bind", user_id: "U0000ALICE" });
    expect(sent.status).toBe(200);
    await retry;
    const posted = h.slack!.ephemerals.waitFor((m) => m.user === "U0000ALICE" && JSON.stringify(m.blocks).includes("/account/bindings?code="));
    h.advance(2_000);
    await posted;
    await h.settled();
    expect(await bindRequests()).toBe(before + 1);
    expect((await h.system.queue.stats("chat-inbound")).completed).toBe(1);
    expect(h.slack!.messages.items.some((m) => JSON.stringify(m.blocks).includes("/account/bindings?code="))).toBe(false);
  });
});
