import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { slackDriver, untilPosted, type Posted } from "./chat-drivers.ts";

/**
 * A config release notice through the notification center reaches a subscriber on Slack (stand-in + real SDK) as
 * the config-diff card: notify's IM channel picks that card for the config.* types even when the sender names none.
 */
describe("chat: a config release notice on Slack", () => {
  let h: BotHarness;
  const [alice] = slackDriver.users;
  beforeAll(async () => {
    h = await startBotHarness({ ...slackDriver.options, notify: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("posts the config-diff card with the release, who, why, the diff and the link to the history", async () => {
    await h.bind("slack", alice, "zhangwei");
    const admin = await h.login("admin");
    const zhangwei = (await h.req("GET", "/api/v1/auth/me", { token: await h.login("zhangwei") })).body.data.id as string;
    const sent = await h.req("POST", "/api/v1/notify/send", {
      token: admin,
      body: {
        type: "config.released", recipients: [zhangwei],
        data: {
          title: "费率配置 已发布 #3", body: "liuyang 发布了版本 13", table: "rates", table_name: "费率配置", release: 3, from_version: 12, to_version: 13,
          status: "full", actor_name: "刘洋", reason: "双十二调价", summary: { added: 0, changed: 1, removed: 0 },
          rows: [{ record: "ALIPAY", field: "费率", before: "0.0300", after: "0.0350" }], url: "/config/rates/history?from=12&to=13",
        },
      },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    const isNotice = (x: Posted) => x.content.includes("配置已发布：费率配置（rates）");
    const notice = (await untilPosted(slackDriver, h, (p) => p.some(isNotice), "the release card", 15_000)).find(isNotice)!;
    expect(notice.content).toContain("发布 #3 · 版本 12 → 13 · +0 ~1 -0");
    expect(notice.content).toContain("~ ALIPAY · 费率: 0.0300 → 0.0350");
    expect(notice.content).toContain("刘洋");
    expect(notice.content).toContain("双十二调价");
    expect(notice.content).toContain("https://ops.example.com/config/rates/history?from=12&to=13");
  });
});
