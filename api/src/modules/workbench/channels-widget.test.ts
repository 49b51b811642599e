import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";

type Item = { title: string; subtitle: string | null; href: string | null };

/**
 * 完善通知渠道 on a server with chat platforms configured: binding a chat account becomes a step,
 * naming the platforms this server runs (workbench.test.ts covers a server with none).
 */
describe.each(ENGINES)("workbench channel setup with chat platforms (%s)", (engine) => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({
      engine,
      demoSeeders: ["company"],
      env: {
        SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "slack-secret",
        DINGTALK_CLIENT_ID: "ding-id", DINGTALK_CLIENT_SECRET: "ding-secret",
        // half a Feishu configuration starts no adapter: not offered
        FEISHU_APP_ID: "cli_only_id",
      },
    });
  });
  afterAll(() => s?.close());

  const items = async (token: string, lang: string) => {
    const r = await s.req("GET", `/api/v1/workbench/widgets/notify.channel_setup?lang=${lang}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data.items as Item[];
  };

  it("asks to bind a chat account on the configured platforms, until one is bound", async () => {
    const lina = await s.login("lina");
    expect((await items(lina, "zh-CN"))[0]).toMatchObject({ title: "绑定聊天账号，在 Slack 或钉钉中接收通知卡片", subtitle: "聊天", href: "/account/bindings" });
    expect((await items(lina, "en"))[0]!.title).toBe("Bind your chat account to get notification cards in Slack or DingTalk");

    const user = await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = 'lina'");
    await s.system.db.run(
      "INSERT INTO user_identities (id, user_id, provider, subject, created_at) VALUES (?, ?, 'slack', 'U0LINA', ?)",
      ["ident-lina-slack", user!.id, new Date().toISOString()],
    );
    expect((await items(lina, "zh-CN")).map((i) => i.href)).not.toContain("/account/bindings");
  });
});
