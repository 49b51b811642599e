/**
 * Chat credentials from the config center (issue 11, item 8 taking effect): with no Feishu variables in env the
 * bot starts its Feishu adapter from the system-im record and answers at the stand-in; the clear secrets go to the
 * bot's own key only (audited), never to a user on any route; env wins over a record; a switched-off record is not
 * handed out. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES } from "@ops/api/testing/harness.ts";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { withStoredCredentials, type ChatEnv } from "../adapters/from-env.ts";
import type { StoredChatCredentials } from "../core/chat-credentials.ts";

const PATH = "/api/v1/config/system-im/bot-credentials";

for (const engine of ENGINES) {
  describe(`chat credentials from the system-im table (${engine})`, () => {
    let h: BotHarness;
    let admin: string;
    beforeAll(async () => {
      h = await startBotHarness({ engine, feishu: { fromConfig: true, encryptKey: "im-record-encrypt-key" } });
      admin = await h.login("admin");
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });
    const channelSteps = async () =>
      (await h.req("GET", "/api/v1/workbench/widgets/notify.channel_setup?lang=zh-CN", { token: await h.login("wangfang") })).body.data.items as Array<{ title: string; href: string | null }>;

    it("runs the Feishu adapter from the record when env has no Feishu credentials, and answers whoami at the stand-in", async () => {
      expect(h.system.env.FEISHU_APP_ID).toBeUndefined();
      expect(h.system.env.FEISHU_APP_SECRET).toBeUndefined();
      expect(h.bot.adapters.map((a) => a.platform)).toEqual(["feishu"]);
      expect(h.logs.find((l) => l.msg.startsWith("chat credentials from the config center"))?.fields).toMatchObject({ platforms: ["feishu"] });
      await h.bind("feishu", "ou_fake_alice", "lina");
      const feishu = h.feishu!;
      const mark = feishu.messages.mark();
      const sent = await feishu.sendMessageEvent(`${h.url}/bot/feishu/events`, { text: "whoami", open_id: "ou_fake_alice", mentionBot: true });
      expect(sent.status).toBe(200);
      const answer = await feishu.messages.waitFor(() => true, { since: mark });
      expect(answer.content).toContain("李娜");
      // the bot's start read the record once, audited with the platform and without a secret
      const audit = (await h.req("GET", "/api/v1/audit/logs?module=config&action=system_im.read_by_bot", { token: admin })).body.data.items as Array<{ via: string; after: unknown; status: number }>;
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ via: "bot", status: 200, after: { platforms: ["feishu"] } });
      // the workbench offers binding on the platform the record configures
      expect((await channelSteps()).find((i) => i.href === "/account/bindings")?.title).toBe("绑定聊天账号，在飞书中接收通知卡片");
    }, 60_000);

    it("answers the clear secrets to the bot's own key only, never to a user on any route", async () => {
      const secret = h.feishu!.appSecret;
      const bot = await h.req("GET", PATH, { headers: { authorization: `Bot ${h.system.botKey}` } });
      expect(bot.status).toBe(200);
      expect(bot.body.data.platforms).toEqual([expect.objectContaining({ platform: "feishu", app_id: h.feishu!.appId, app_secret: secret, encrypt_key: "im-record-encrypt-key" })]);

      expect((await h.req("GET", PATH, { token: admin })).status).toBe(401);
      const token = await h.req("POST", "/api/v1/api-tokens", { token: admin, body: { name: "im-reader", scopes: ["config:read:*"] } });
      expect(token.status).toBe(201);
      expect((await h.req("GET", PATH, { headers: { authorization: `Bearer ${token.body.data.token}` } })).status).toBe(401);
      // a chat account speaking through the bot (bound to the administrator) is a user too
      await h.bind("feishu", "ou_fake_admin", "admin");
      const asChat = await h.req("GET", PATH, { headers: h.asChat("feishu", "ou_fake_admin") });
      expect([asChat.status, asChat.body.reason]).toEqual([403, "config.system_im_bot_only"]);
      expect((await h.req("GET", PATH, { headers: h.asChat("feishu", "ou_nobody") })).status).toBe(403);

      const version = (await h.req("GET", "/api/v1/config/tables/system-im", { token: admin })).body.data.version as number;
      const surfaces = await Promise.all([
        "/api/v1/config/tables/system-im/records", "/api/v1/config/tables/system-im/records/feishu",
        "/api/v1/config/tables/system-im/records/export?format=csv", "/api/v1/config/tables/system-im/versions",
        `/api/v1/config/tables/system-im/versions/diff?from=0&to=${version}`, "/api/v1/config/system-im/published",
        `/api/v1/config/tables/system-im/versions/${version}`, "/api/v1/config/tables/system-im/releases",
      ].map((p) => h.req("GET", p, { token: admin })));
      expect(surfaces.slice(0, 6).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      for (const r of surfaces) {
        const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body);
        for (const s of [secret, h.feishu!.verificationToken, "im-record-encrypt-key"]) expect(text).not.toContain(s);
      }
      const audits = JSON.stringify((await h.req("GET", "/api/v1/audit/logs?page_size=100", { token: admin })).body.data);
      expect(audits).not.toContain(secret);
    }, 60_000);

    it("does not hand out a switched-off record", async () => {
      const off = await h.req("PATCH", "/api/v1/config/tables/system-im/records/feishu", { token: admin, body: { values: { enabled: false }, reason: "停用" } });
      expect(off.status).toBe(200);
      const bot = await h.req("GET", PATH, { headers: { authorization: `Bot ${h.system.botKey}` } });
      expect(bot.body.data.platforms).toEqual([]);
      expect((await channelSteps()).some((i) => i.href === "/account/bindings")).toBe(false);
    });
  });
}

describe("env wins over a stored record", () => {
  const stored: StoredChatCredentials[] = [
    { platform: "feishu", app_id: "cli_store", app_secret: "store-secret", bot_token: null, app_token: null, signing_secret: "store-verify", encrypt_key: null },
    { platform: "slack", app_id: null, app_secret: null, bot_token: "xoxb-store", app_token: null, signing_secret: "store-signing", encrypt_key: null },
    { platform: "dingtalk", app_id: "ding_store", app_secret: null, bot_token: null, app_token: null, signing_secret: null, encrypt_key: null },
  ];

  it("keeps a platform's env credentials whole and takes the record only for platforms env leaves unset", () => {
    const env: ChatEnv = { FEISHU_APP_ID: "cli_env", FEISHU_APP_SECRET: "env-secret", FEISHU_DOMAIN: "http://feishu.local", SLACK_API_URL: "http://slack.local" };
    const { env: out, fromStore } = withStoredCredentials(env, stored);
    expect(out).toMatchObject({ FEISHU_APP_ID: "cli_env", FEISHU_APP_SECRET: "env-secret", FEISHU_DOMAIN: "http://feishu.local" });
    expect(out.FEISHU_VERIFICATION_TOKEN).toBeUndefined();
    expect(out).toMatchObject({ SLACK_BOT_TOKEN: "xoxb-store", SLACK_SIGNING_SECRET: "store-signing", SLACK_API_URL: "http://slack.local" });
    // an incomplete record (no DingTalk secret) starts nothing
    expect(fromStore).toEqual(["slack"]);
  });
});
