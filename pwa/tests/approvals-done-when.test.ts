/**
 * Issue 10's first done-when, end to end: 李娜 starts an or-sign approval (周杰 on Slack, 郑宇 on
 * Feishu) in the PWA; both approvers get the approval card on their stand-in, and 郑宇 sees it in
 * the web console's `审批`; 周杰 approves from his Slack card; every card updates in place and
 * 李娜's open detail page shows 已通过 without a reload; 郑宇's late click on his card answers
 * "already decided" to him alone; the webhook receiver got exactly one signed approval.approved.
 * The server is main.ts's single process (notify and webhook workers, the bot with Slack and
 * Feishu pointed at the stand-ins) on in-memory SQLite.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@ops/api/env.ts";
import { verifyWebhookSignature } from "@ops/api/modules/webhooks/index.ts";
import { buildSystem, type System } from "@ops/api/system.ts";
import { attachBot } from "@ops/bot/wire.ts";
import { startFeishuFake, startSlackFake, type FeishuFake, type SlackFake } from "../../scripts/fakes/index.ts";
import { ADMIN, apiAs, DEMO_PASSWORD, DIST, HAS_DIST, openBrowser, PHONE, signIn, skipMessage, type TestBrowser } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const SLACK = { zhoujie: "U0000ALICE", lina: "U0000BOB01" } as const;
const FEISHU_ZHENGYU = "ou_fake_alice";
const SECRET = "done-when-webhook-secret-0123456789";
const WAIT_MS = 15_000;
const dm = (user: string) => `D${user.slice(1)}`;

type Hook = { event: string | null; valid: boolean; body: { type?: string; data?: { id?: string; instance?: { id?: string } } } };

describe.skipIf(!HAS_DIST)("approvals done-when: PWA start, chat cards on Slack, Feishu and the console, webhook", () => {
  let system: System;
  let server: ReturnType<typeof Bun.serve>;
  let receiver: ReturnType<typeof Bun.serve>;
  let slack: SlackFake;
  let feishu: FeishuFake;
  let browser: TestBrowser;
  let dataDir: string;
  let url: string;
  const hooks: Hook[] = [];
  const hookListeners = new Set<() => void>();
  let bot: Awaited<ReturnType<typeof attachBot>>;

  beforeAll(async () => {
    [slack, feishu] = await Promise.all([startSlackFake(), startFeishuFake({ encryptKey: "done-when-key" })]);
    receiver = Bun.serve({
      port: 0, hostname: "127.0.0.1",
      async fetch(req) {
        const raw = await req.text();
        const headers = { timestamp: req.headers.get("x-ops-timestamp"), signature: req.headers.get("x-ops-signature") };
        hooks.push({ event: req.headers.get("x-ops-event"), valid: verifyWebhookSignature(SECRET, headers, raw, Math.floor(Date.now() / 1000)), body: JSON.parse(raw) });
        for (const l of hookListeners) l();
        return new Response("ok");
      },
    });
    dataDir = mkdtempSync(join(tmpdir(), "ops-done-when-"));
    const env = parseEnv({
      OPS_ADMIN_PASSWORD: ADMIN.password, OPS_DEMO: "1", OPS_SECRET_KEY: "pwa-browser-test-secret-0123456789", OPS_PWA_DIST: DIST, OPS_DATA_DIR: dataDir,
      OPS_LOG_LEVEL: "silent", OPS_WEBHOOK_ALLOW_PRIVATE: "1",
      SLACK_SIGNING_SECRET: slack.signingSecret, SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl,
      FEISHU_APP_ID: feishu.appId, FEISHU_APP_SECRET: feishu.appSecret, FEISHU_VERIFICATION_TOKEN: feishu.verificationToken,
      FEISHU_DOMAIN: feishu.url, FEISHU_MODE: "webhook", FEISHU_ENCRYPT_KEY: "done-when-key",
    });
    system = await buildSystem(env, { databaseUrl: "sqlite://:memory:", metricsDefaults: false });
    bot = await attachBot(system);
    system.notify.start();
    system.webhooks.start();
    server = Bun.serve({ port: 0, hostname: "127.0.0.1", idleTimeout: 120, fetch: bot.fetch });
    url = `http://127.0.0.1:${server.port}`;
    browser = await openBrowser(PHONE);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop(true);
    await bot?.stop();
    await system?.close();
    receiver?.stop(true);
    await Promise.all([slack?.stop(), feishu?.stop()]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A chat account bound to an OPS user, as the bind flow does it (the bot asks, the user confirms). */
  async function bind(platform: string, external: string, username: string) {
    const req = await fetch(`${url}/api/v1/im/bind-requests`, {
      method: "POST", body: "{}",
      headers: { authorization: `Bot ${system.botKey}`, "x-ops-chat-platform": platform, "x-ops-chat-user": external, "content-type": "application/json" },
    });
    const code = ((await req.json()) as { data: { code: string } }).data.code;
    const user = await apiAs(url, username, DEMO_PASSWORD);
    expect((await user("POST", "/im/bindings", { code })).status).toBe(200);
  }

  /** Resolves once `pred` holds, re-checked on every post or edit at the stand-ins and every webhook. */
  function until(pred: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const offs: Array<() => void> = [];
      const done = (fn: () => void) => (clearTimeout(timer), offs.forEach((o) => o()), fn());
      const check = () => pred() && done(resolve);
      const timer = setTimeout(() => done(() => reject(new Error(`${what} did not happen`))), WAIT_MS);
      hookListeners.add(check);
      offs.push(() => hookListeners.delete(check));
      for (const j of [slack.messages, slack.edits, slack.ephemerals, feishu.messages, feishu.edits]) offs.push(j.subscribe(check));
      check();
    });
  }

  it("one approval from a Slack card decides it everywhere; the other approver's click is already decided; one signed webhook", async () => {
    const admin = await apiAs(url, ADMIN.username, ADMIN.password);
    const ids: Record<string, string> = {};
    for (const u of ["zhoujie", "zhengyu"]) ids[u] = (await admin<{ items: Array<{ id: string; username: string }> }>("GET", `/users?q=${u}&page_size=5`)).body.data.items.find((x) => x.username === u)!.id;
    const key = `donewhen_${Date.now().toString(36)}`;
    const def = await admin("POST", "/approval-definitions", {
      key, name: `采购申请 ${key}`, form: [{ key: "amount", type: "money", label: "金额", required: true }],
      nodes: [{ key: "start", type: "start" }, { key: "review", type: "approver", name: "审核", approvers: { type: "users", users: [ids.zhoujie, ids.zhengyu] }, mode: "or" }, { key: "end", type: "end" }],
      edges: [{ from: "start", to: "review" }, { from: "review", to: "end" }],
    });
    expect(def.status, JSON.stringify(def.body)).toBe(201);
    expect((await admin("POST", `/approval-definitions/${key}/publish`)).status).toBe(200);
    const hook = await admin("POST", "/webhooks", { name: "done-when", url: `http://127.0.0.1:${receiver.port}/hook`, events: ["approval.approved"], secret: SECRET });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    await bind("slack", SLACK.zhoujie, "zhoujie");
    await bind("slack", SLACK.lina, "lina");
    await bind("feishu", FEISHU_ZHENGYU, "zhengyu");

    // 李娜 starts it in the PWA
    const page = browser.page;
    await signIn(page, url, "lina", DEMO_PASSWORD);
    await page.goto(`${url}/approvals/new`);
    await page.locator(`[data-testid="approval-definition"][data-key="${key}"]`).click();
    const form = page.locator('[data-testid="approval-start-form"]');
    await form.locator('[data-form-field="amount"] input').fill("8800");
    const [created] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/approvals" && r.request().method() === "POST"),
      form.locator('[data-testid="approval-submit"]').click(),
    ]);
    expect(created.status()).toBe(201);
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    await page.waitForURL(`**/approvals/${id}`);
    await page.locator('[data-testid="approval-status"][data-status="pending"]').waitFor();

    // the card reaches both approvers (and the initiator, read-only)
    // cards name the definition (unique to this run) and carry no app link (no OPS_PUBLIC_URL)
    const slackCard = (user: string) => slack.messagesIn(dm(user)).find((m) => JSON.stringify(m.blocks).includes(key));
    const feishuCard = () => feishu.messages.items.find((m) => m.content.includes(key));
    await until(() => !!slackCard(SLACK.zhoujie) && !!slackCard(SLACK.lina) && !!feishuCard(), "the approval cards");
    expect(JSON.stringify(slackCard(SLACK.zhoujie)!.blocks)).toContain("approval.approve");
    expect(feishuCard()!.content).toContain("approval.approve");
    expect(JSON.stringify(slackCard(SLACK.lina)!.blocks)).not.toContain("approval.approve");
    // and 郑宇's web console lists it with its buttons
    const zhengyu = await apiAs(url, "zhengyu", DEMO_PASSWORD);
    const listed = await zhengyu<{ cards: unknown[] }>("POST", "/chat/commands", { text: "审批" });
    expect(JSON.stringify(listed.body.data.cards)).toContain(id);
    // what his card's Approve carries: his task
    const todo = await zhengyu<{ items: Array<{ id: string; instance_id: string }> }>("GET", "/approval-tasks?box=todo");
    const zhengyuTask = todo.body.data.items.find((t) => t.instance_id === id)!.id;
    expect(feishuCard()!.content).toContain(zhengyuTask);

    // 周杰 approves from his Slack card
    const zhoujieTs = slackCard(SLACK.zhoujie)!.ts;
    const click = await slack.sendBlockAction(`${url}/bot/slack/events`, { channel_id: dm(SLACK.zhoujie), message_ts: zhoujieTs, action_id: "approval.approve", user_id: SLACK.zhoujie });
    expect(click.status).toBe(200);
    // 李娜's open page follows without a reload, and every card in place
    await page.locator('[data-testid="approval-status"][data-status="approved"]').waitFor({ timeout: WAIT_MS });
    const decided = (s: string) => s.includes("已由 周杰 同意") && !s.includes("approval.approve");
    await until(() => decided(JSON.stringify(slackCard(SLACK.zhoujie)!.blocks)) && decided(JSON.stringify(slackCard(SLACK.lina)!.blocks)) && decided(feishuCard()!.content), "every card decided");
    expect(slackCard(SLACK.zhoujie)!.ts).toBe(zhoujieTs);

    // 郑宇's click on his card (sent before the refresh reached him): already decided, to him alone
    const p2p = () => feishu.messagesIn(`oc_p2p_${FEISHU_ZHENGYU.replace(/^ou_/, "")}`);
    const before = p2p().length;
    const late = await feishu.sendCardAction(`${url}/bot/feishu/cards`, {
      message_id: feishuCard()!.message_id, open_id: FEISHU_ZHENGYU, tag: "button", value: { action: "approval.approve", value: { id, task: zhengyuTask } },
    });
    expect(late.status).toBe(200);
    await until(() => p2p().length > before, "郑宇's already-decided answer");
    expect(p2p().at(-1)!.content).toContain("已由 周杰");

    // one signed approval.approved event at the receiver
    await until(() => hooks.length > 0, "the webhook");
    const approved = hooks.filter((h) => h.event === "approval.approved");
    expect(approved).toHaveLength(1);
    expect(approved[0]!.valid).toBe(true);
    expect(JSON.stringify(approved[0]!.body)).toContain(id);
    const detail = await admin<{ status: string; timeline: Array<{ action: string }> }>("GET", `/approvals/${id}`);
    expect(detail.body.data.status).toBe("approved");
    expect(detail.body.data.timeline.filter((e) => e.action === "approve")).toHaveLength(1);
  });
});
