import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/**
 * A platform may deliver a message long after it was sent (a reconnect burst, a late retry). The bot
 * must not run a command then: "run the backup" an hour late is a surprise, not a service.
 */
let h: BotHarness;
let behindMs = 0;
beforeAll(async () => {
  // The DingTalk stand-in stamps messages (createAt) with its own clock, which the test holds back.
  h = await startBotHarness({ dingtalk: { now: () => Date.now() - behindMs } });
  await h.bind("dingtalk", "alice01", "lina");
});
afterAll(async () => {
  await h?.close();
});

const isPost = (c: { status: number; path: string }) => c.status === 200 && (c.path === "/robot/sendBySession" || c.path.endsWith("/createAndDeliver"));
/** The bot's next answer in DingTalk, then nothing left to answer. */
const answered = async (since: number) => {
  await h.dingtalk!.calls.waitFor(isPost, { since });
  await h.settled();
};
const posts = () => h.dingtalk!.calls.items.filter(isPost);

describe("late commands", () => {
  it("answers a command delivered 30 minutes late with an explanation instead of running it", async () => {
    behindMs = 30 * 60_000;
    const before = posts().length;
    const mark = h.dingtalk!.calls.mark();
    const pushed = h.dingtalk!.pushRobotMessage({ text: "whoami", userId: "alice01", conversationType: "2" });
    expect((await pushed.ack).code).toBe(200);
    await answered(mark);
    const answers = posts().slice(before).map((c) => JSON.stringify(c.body));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain("30 分钟前");
    expect(answers[0]).not.toContain("李娜");
  });

  it("runs a command delivered a few seconds late as usual", async () => {
    behindMs = 5_000;
    const before = posts().length;
    const mark = h.dingtalk!.calls.mark();
    h.dingtalk!.pushRobotMessage({ text: "whoami", userId: "alice01", conversationType: "2" });
    await answered(mark);
    const answers = posts().slice(before).map((c) => JSON.stringify(c.body));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain("李娜");
  });
});
