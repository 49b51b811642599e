/**
 * Sign-in with Feishu and DingTalk in a real browser, against the stand-ins: lina clicks "飞书登录",
 * approves at the Feishu stand-in's authorize page and lands in the app; her Feishu account is now
 * bound, so `/ops whoami` sent from the Feishu stand-in answers as her with no bind step. The same
 * through "钉钉登录" (the bot's view checked at the API). Her profile lists both linked accounts,
 * and unlinking one (confirmed) removes it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@ops/api/env.ts";
import { buildSystem } from "@ops/api/system.ts";
import { attachBot } from "@ops/bot/wire.ts";
import { startDingTalkFake, startFeishuFake, type DingTalkFake, type FeishuFake } from "../../scripts/fakes/index.ts";
import { ADMIN, DIST, HAS_DIST, openBrowser, SHOTS, skipMessage } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const LINA_FEISHU = "ou_lina_fs";
const LINA_DINGTALK = "lina_dt";

describe.skipIf(!HAS_DIST)("PWA: sign in with Feishu and DingTalk", () => {
  let feishu: FeishuFake;
  let dingtalk: DingTalkFake;
  let system: Awaited<ReturnType<typeof buildSystem>>;
  let bot: Awaited<ReturnType<typeof attachBot>>;
  let server: ReturnType<typeof Bun.serve>;
  let url = "";
  const dataDir = mkdtempSync(join(tmpdir(), "ops-pwa-im-"));

  beforeAll(async () => {
    feishu = await startFeishuFake();
    feishu.addUser({ open_id: LINA_FEISHU, user_id: "lina_fs", union_id: "on_lina_fs", name: "李娜" });
    dingtalk = await startDingTalkFake({ users: [{ userId: LINA_DINGTALK, nick: "李娜", dingtalkId: "$:LWCP_v1:$lina0001", unionId: "union-lina" }] });
    const env = parseEnv({
      OPS_ADMIN_PASSWORD: ADMIN.password, OPS_DEMO: "1", OPS_SECRET_KEY: "pwa-browser-test-secret-0123456789",
      OPS_PWA_DIST: DIST, OPS_DATA_DIR: dataDir, OPS_LOG_LEVEL: "silent",
      OPS_SSO_FEISHU: "1", FEISHU_APP_ID: feishu.appId, FEISHU_APP_SECRET: feishu.appSecret, FEISHU_VERIFICATION_TOKEN: feishu.verificationToken,
      FEISHU_DOMAIN: feishu.url, FEISHU_MODE: "webhook",
      OPS_SSO_DINGTALK: "1", DINGTALK_CLIENT_ID: dingtalk.clientId, DINGTALK_CLIENT_SECRET: dingtalk.clientSecret, DINGTALK_API_URL: dingtalk.url, DINGTALK_MODE: "http",
    });
    system = await buildSystem(env, { databaseUrl: "sqlite://:memory:", metricsDefaults: false });
    bot = await attachBot(system);
    server = Bun.serve({ port: 0, hostname: "127.0.0.1", idleTimeout: 120, fetch: bot.fetch });
    url = `http://127.0.0.1:${server.port}`;
    // the directory links a sync (or an administrator) keeps: no chat binding exists yet
    await system.db.run("UPDATE users SET feishu_id = 'lina_fs', dingtalk_id = 'union-lina' WHERE username = 'lina'");
  });
  afterAll(async () => {
    await server?.stop(true);
    await bot?.stop();
    await system?.close();
    await feishu?.stop();
    await dingtalk?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** What the bot's request on behalf of this chat account resolves to (the username; null when unbound). */
  async function botSees(platform: string, externalUserId: string): Promise<string | null> {
    const r = await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bot ${system.botKey}`, "x-ops-chat-platform": platform, "x-ops-chat-user": externalUserId } });
    return r.status === 200 ? ((await r.json()) as { data: { username: string } }).data.username : null;
  }

  it("飞书登录 through the Feishu stand-in signs lina in, and the bot answers /ops whoami from Feishu as her", async () => {
    expect(await botSees("feishu", LINA_FEISHU)).toBeNull();
    const b = await openBrowser();
    try {
      const { page } = b;
      await page.goto(`${url}/login`);
      const button = page.locator('[data-testid="login-im-feishu"]');
      expect(await button.innerText()).toContain("飞书登录");
      expect(await page.locator('[data-testid="login-im-dingtalk"]').innerText()).toContain("钉钉登录");
      expect(await page.locator('[data-testid="login-im-wecom"]').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/login-im-buttons.png` });
      await button.click();
      // the stand-in's authorize page: pick lina and approve
      await page.locator(`a.approve[data-user="${LINA_FEISHU}"]`).click();
      await page.waitForSelector('[data-testid="app-shell"]');
      expect(new URL(page.url()).pathname).toBe("/");
    } finally {
      await b.close();
    }
    expect(await botSees("feishu", LINA_FEISHU)).toBe("lina");
    const since = feishu.messages.mark();
    const sent = await feishu.sendMessageEvent(`${url}/bot/feishu/events`, { text: "/ops whoami", open_id: LINA_FEISHU, mentionBot: true });
    expect(sent.status).toBe(200);
    const answer = await feishu.messages.waitFor((m) => m.content.includes("李娜"), { since, timeoutMs: 8000 });
    expect(answer.content).not.toContain("请先绑定");
  });

  it("inside Feishu the login page signs her in without a click, through the JS SDK's code", async () => {
    const code = feishu.oauth.issueCode(LINA_FEISHU);
    const b = await openBrowser();
    try {
      const { page } = b;
      // Feishu's in-app browser: its user agent, and the h5 JS SDK's tt.requestAccess handing out a code
      await page.addInitScript((c) => {
        Object.defineProperty(navigator, "userAgent", { get: () => "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Lark/7.20.0 LarkLocale/zh_CN" });
        (window as unknown as { tt: unknown }).tt = { requestAccess: (o: { success: (r: { code: string }) => void }) => setTimeout(() => o.success({ code: c }), 10) };
      }, code);
      await page.goto(`${url}/login`);
      await page.waitForSelector('[data-testid="app-shell"]');
      expect(new URL(page.url()).pathname).toBe("/");
    } finally {
      await b.close();
    }
  });

  it("钉钉登录 binds her DingTalk staff id; her profile lists both accounts and unlinks one", async () => {
    const b = await openBrowser();
    try {
      const { page } = b;
      await page.goto(`${url}/login`);
      await page.locator('[data-testid="login-im-dingtalk"]').click();
      await page.locator('a.approve[data-user="union-lina"]').click();
      await page.waitForSelector('[data-testid="app-shell"]');
      expect(await botSees("dingtalk", LINA_DINGTALK)).toBe("lina");

      await page.goto(`${url}/profile?tab=identities`);
      const panel = page.locator('[data-testid="identities-panel"]');
      await panel.locator('[data-provider="dingtalk"]').waitFor();
      expect(await panel.innerText()).toContain(`李娜 (${LINA_FEISHU})`);
      expect(await panel.locator('[data-testid="identity-provider"]').allInnerTexts()).toEqual(["飞书", "钉钉"]);
      await page.screenshot({ path: `${SHOTS}/profile-identities.png` });
      await panel.locator("tr", { hasText: "钉钉" }).locator('[data-testid="identity-unlink"]').click();
      await page.locator('[data-testid="confirm-dialog"] .btn--danger').click();
      await panel.locator('[data-provider="dingtalk"]').waitFor({ state: "detached" });
      expect(await botSees("dingtalk", LINA_DINGTALK)).toBeNull();
    } finally {
      await b.close();
    }
  });
});
