/**
 * The web chat console end to end, against the real bot core attached by startServer():
 * lina opens 聊天控制台 from the menu on a phone, `help` answers with the help card, the whoami chip
 * with her name and no unbind button (signed in directly, there is no chat binding to undo), ↑/↓ walk
 * the commands sent, an unknown word gets the bot's error card, a network failure shows inline. The
 * same in English on a desktop. On a desktop her conversation and command history survive a reload
 * and are hers only, completion offers verbs as she types, an error's reason uses the card's width,
 * and 清空 empties the conversation.
 *
 * The renderer's other promises (an answer replacing the clicked card, form inputs travelling with
 * a click, extra cards landing right after the clicked card, raw HTML staying text) need answers the
 * real bot does not give today, so a separate block fulfils /api/v1/chat/* in the browser with
 * fixed cards rendered by the cards package.
 */
import type { Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderWeb, type Card, type CardAction, type WebCard } from "@ops/cards";
import { DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";
import { MAX_CARDS, trimEntries } from "../src/pages/chat/chat-storage.ts";
import { ARGUMENT_SOURCES, suggest } from "../src/pages/chat/completion.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const NARROW_PHONE = { width: 375, height: 740 };
const CHAT_ROUTES = "**/api/v1/chat/*";

const isPost = (path: string) => (r: { url(): string; request(): { method(): string } }) => r.url().includes(path) && r.request().method() === "POST";

async function openConsole(page: Page, base: string): Promise<void> {
  // Instant scrolling, so "the newest card is in view" is a settled state, not a frame of an animation.
  await page.emulateMedia({ reducedMotion: "reduce" });
  await signIn(page, base, "lina", DEMO_PASSWORD);
  await page.locator('[data-testid="nav-toggle"]').click();
  await page.locator('[data-testid="nav-drawer"] a[data-menu="/chat"]', { hasText: "聊天控制台" }).click();
  await page.locator('[data-testid="chat-page"]').waitFor();
  await page.locator('[data-testid="chat-empty"]').waitFor();
}

describe("chat console: completion and what is kept (no browser)", () => {
  const words = (text: string, may: (kind: string) => boolean = () => true) => suggest(text, may).map((s) => s.word);

  it("completes verbs and aliases, second words of two-word commands, only what the user may run", () => {
    expect(words("he")).toEqual(["help"]);
    expect(words("/ops re")).toEqual(["resume", "reject", "report"]);
    expect(suggest("/ops wh", () => true)[0]!.text).toBe("/ops whoami ");
    expect(words("审")).toEqual(["审批"]);
    expect(words("re", (k) => k === "report")).toEqual(["report"]);
    expect(words("flow ")).toEqual(["run", "运行", "执行"]);
    expect(words("config d")).toEqual(["diff"]);
    // nothing for an empty line, a finished word, or arguments without a source
    expect(words("")).toEqual([]);
    expect(words("whoami")).toEqual([]);
    expect(words("run da")).toEqual([]);
  });

  it("takes job and report names from a registered source (the hook for when the app has them)", () => {
    const source = (verb: string, position: number) => (verb === "run" && position === 2 ? ["daily-report", "data-sync", "weekly"] : []);
    ARGUMENT_SOURCES.push(source);
    try {
      expect(words("运行 da")).toEqual(["daily-report", "data-sync"]);
      expect(suggest("run we", () => true)[0]!.text).toBe("run weekly ");
      expect(words("report da")).toEqual([]);
    } finally {
      ARGUMENT_SOURCES.splice(ARGUMENT_SOURCES.indexOf(source), 1);
    }
  });

  it("keeps the last 200 cards", () => {
    const entries = Array.from({ length: 250 }, (_, i) => [{ kind: "command", id: 2 * i }, { kind: "card", id: 2 * i + 1 }]).flat();
    const kept = trimEntries(entries);
    expect(kept.filter((e) => e.kind === "card")).toHaveLength(MAX_CARDS);
    expect(kept.at(-1)!.id).toBe(499);
    expect(kept[0]).toEqual({ kind: "command", id: 100 });
    // a run of errors (e.g. offline) is capped too: at most MAX_ENTRIES entries in all
    const errors = [...entries.slice(-4), ...Array.from({ length: 500 }, (_, i) => ({ kind: "error", id: 1000 + i }))];
    expect(trimEntries(errors)).toHaveLength(400);
    expect(trimEntries(entries.slice(0, 10))).toHaveLength(10);
  });
});

describe.skipIf(!HAS_DIST)("PWA: web chat console", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  describe("against the real bot", () => {
    it("lina runs help and whoami (no unbind button), recalls commands, sees the bot's errors and network failures inline", async () => {
      const b = await openBrowser(NARROW_PHONE);
      const { page } = b;
      const posted: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && r.url().includes("/api/v1/chat/")) posted.push(new URL(r.url()).pathname);
      });
      const commandDone = () => page.waitForResponse(isPost("/api/v1/chat/commands"));
      try {
        await openConsole(page, server.url);
        const transcript = page.locator('[data-testid="chat-transcript"]');
        const cards = transcript.locator('[data-testid="web-card"]');
        const input = page.locator('[data-testid="chat-input"]');

        // help, sent with Enter: the bubble, then the bot's help card with its markdown list rendered.
        await input.fill("help");
        const [helped] = await Promise.all([commandDone(), input.press("Enter")]);
        expect(helped.status()).toBe(200);
        expect(helped.request().postDataJSON()).toEqual({ text: "help" });
        const help = cards.filter({ has: page.locator('[data-testid="card-title"]', { hasText: "OPS 命令帮助" }) });
        await help.waitFor();
        expect(await transcript.locator('[data-testid="chat-command"]').first().innerText()).toBe("help");
        expect(await help.locator(".wc-markdown li code").count()).toBeGreaterThan(3);
        expect(await help.locator(".wc-markdown li code").allInnerTexts()).toContain("whoami");
        expect(await input.inputValue()).toBe("");

        // The whoami chip: the bot's card titled with lina's name, her roles and "网页 · lina"; in the
        // web console there is no chat binding to undo, so no 解除绑定 (only the profile link).
        await Promise.all([commandDone(), page.locator('[data-testid="chat-chip-whoami"]').click()]);
        const whoami = cards.filter({ has: page.locator('[data-testid="card-title"]', { hasText: "李娜（lina）" }) });
        await whoami.waitFor();
        expect(await whoami.locator("dd").allInnerTexts()).toContain("网页 · lina");
        expect(await whoami.locator('[data-testid="card-action"]').count()).toBe(0);
        expect(await whoami.getByText("解除绑定").count()).toBe(0);
        expect(await whoami.locator('[data-testid="card-link"]').allInnerTexts()).toEqual(["个人中心"]);
        await page.screenshot({ path: `${SHOTS}/phone-chat-console.png`, fullPage: true });
        // Nothing sticks out sideways at 375 px.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

        // ↑ walks back through the commands sent, ↓ returns to the draft.
        await input.fill("");
        await input.press("ArrowUp");
        expect(await input.inputValue()).toBe("whoami");
        await input.press("ArrowUp");
        expect(await input.inputValue()).toBe("help");
        await input.press("ArrowDown");
        await input.press("ArrowDown");
        expect(await input.inputValue()).toBe("");
        expect(posted).toEqual(["/api/v1/chat/commands", "/api/v1/chat/commands"]);

        // An unknown word: the bot's error card names it; `/ops` in front is dropped.
        await input.fill("/ops frobnicate");
        await Promise.all([commandDone(), page.locator('[data-testid="chat-send"]').click()]);
        const unknown = cards.nth(2);
        await unknown.waitFor();
        expect(await unknown.innerText()).toContain("不认识的命令「frobnicate」");
        expect(await unknown.getAttribute("data-tone")).toBe("warning");

        // A network failure shows inline, in Chinese, and the console keeps working.
        await page.route("**/api/v1/chat/commands*", (route) => route.abort());
        await input.fill("runs");
        await input.press("Enter");
        const error = transcript.locator('[data-testid="chat-error"]');
        await error.waitFor();
        expect(await error.innerText()).toMatch(/^请求失败：/);
        await page.unroute("**/api/v1/chat/commands*");
        await Promise.all([commandDone(), page.locator('[data-testid="chat-chip-help"]').click()]);
        await page.locator('[data-testid="chat-pending"]').waitFor({ state: "detached" });
        expect(await cards.count()).toBe(4);
        expect(await cards.nth(3).locator('[data-testid="card-title"]').innerText()).toBe("OPS 命令帮助");
        // Auto-scroll: the newest answer's header comes into view below the top bar.
        const header = cards.nth(3).locator('[data-testid="card-title"]');
        const inView = () => header.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 52 && r.bottom <= window.innerHeight - 170; });
        await expect.poll(inView).toBe(true);
        await page.screenshot({ path: `${SHOTS}/phone-chat-console-end.png` });
      } finally {
        await b.close();
      }
    }, 90_000);

    it("desktop in English: the page, the composer and the bot's cards follow the UI language", async () => {
      const b = await openBrowser(DESKTOP);
      const { page } = b;
      try {
        await signIn(page, server.url, "lina", DEMO_PASSWORD);
        await page.evaluate(() => localStorage.setItem("ops.locale", "en"));
        await page.goto(`${server.url}/chat`);
        await page.locator('[data-testid="sidebar"] a[data-menu="/chat"]', { hasText: "Chat console" }).waitFor();
        expect(await page.locator('[data-testid="chat-page"] h1').innerText()).toBe("Chat console");
        expect(await page.locator('[data-testid="chat-input"]').getAttribute("placeholder")).toContain("Type a command");
        const [res] = await Promise.all([page.waitForResponse(isPost("/api/v1/chat/commands")), page.locator('[data-testid="chat-chip-help"]').click()]);
        expect(new URL(res.url()).searchParams.get("lang")).toBe("en");
        await page.locator('[data-testid="card-title"]', { hasText: "OPS commands" }).waitFor();
        await page.route("**/api/v1/chat/commands*", (route) => route.abort());
        await page.locator('[data-testid="chat-chip-whoami"]').click();
        expect(await page.locator('[data-testid="chat-error"]').innerText()).toMatch(/^Request failed: /);
        await page.screenshot({ path: `${SHOTS}/desktop-chat-console-en.png` });
      } finally {
        await b.close();
      }
    }, 60_000);
    it("desktop: completion offers verbs, the transcript and history survive a reload for lina only, a reason uses the card's width, 清空 empties it", async () => {
      const b = await openBrowser(DESKTOP);
      const { page } = b;
      const commandDone = () => page.waitForResponse(isPost("/api/v1/chat/commands"));
      const transcript = page.locator('[data-testid="chat-transcript"]');
      const cards = transcript.locator('[data-testid="web-card"]');
      const input = page.locator('[data-testid="chat-input"]');
      const titles = () => cards.locator('[data-testid="card-title"]').allInnerTexts();
      const commands = () => transcript.locator('[data-testid="chat-command"]').allInnerTexts();
      const openChat = async () => {
        await page.goto(`${server.url}/chat`);
        await page.locator('[data-testid="chat-page"]').waitFor();
      };
      try {
        await page.emulateMedia({ reducedMotion: "reduce" });
        await signIn(page, server.url, "lina", DEMO_PASSWORD);
        const jobNames = page.waitForResponse((r) => r.url().includes("/api/v1/jobs?"));
        await openChat();
        await jobNames;
        await page.locator('[data-testid="chat-empty"]').waitFor();

        // Completion: "he" offers help (with its usage), Tab takes it; "wh" offers whoami, a click takes it.
        const options = page.locator('[data-testid="chat-completions"] [data-testid="chat-completion"]');
        await input.pressSequentially("he");
        await options.first().waitFor();
        expect(await options.evaluateAll((els) => els.map((el) => el.getAttribute("data-word")))).toEqual(["help"]);
        expect(await options.first().innerText()).toContain("帮助 [命令]");
        expect(await input.getAttribute("aria-expanded")).toBe("true");
        await input.press("Tab");
        expect(await input.inputValue()).toBe("help ");
        await page.locator('[data-testid="chat-completions"]').waitFor({ state: "detached" });
        await Promise.all([commandDone(), input.press("Enter")]);
        await cards.nth(0).waitFor();
        // Chinese aliases complete too, and only verbs lina may use are offered (审批 needs approvals:view).
        await input.pressSequentially("我");
        await options.first().waitFor();
        expect(await options.evaluateAll((els) => els.map((el) => el.getAttribute("data-word")))).toEqual(["我是谁"]);
        await input.fill("");
        await input.pressSequentially("wh");
        await options.filter({ hasText: "whoami" }).click();
        expect(await input.inputValue()).toBe("whoami ");
        await Promise.all([commandDone(), input.press("Enter")]);
        await cards.nth(1).waitFor();
        // Job names complete after run (the jobs lina may see: her own demo job, not 技术部's daily-data-sync).
        await input.pressSequentially("run dai");
        await options.first().waitFor();
        expect(await options.evaluateAll((els) => els.map((el) => el.getAttribute("data-word")))).toEqual(["daily-report-summary"]);
        await input.press("Tab");
        expect(await input.inputValue()).toBe("run daily-report-summary ");
        await input.fill("");

        // An error card's reason spans the card (it used to wrap in a 140 px grid column).
        await input.fill("/ops frobnicate");
        await Promise.all([commandDone(), input.press("Enter")]);
        const reason = cards.nth(2).locator(".wc-fields dd").first();
        await reason.waitFor();
        const width = await reason.evaluate((el) => el.getBoundingClientRect().width);
        const cardWidth = await cards.nth(2).evaluate((el) => el.getBoundingClientRect().width);
        expect(cardWidth).toBeGreaterThan(500);
        expect(width).toBeGreaterThan(cardWidth - 60);
        await page.screenshot({ path: `${SHOTS}/desktop-chat-console.png` });
        expect(await titles()).toEqual(["OPS 命令帮助", "李娜（lina）", "请求有误"]);

        // A reload brings the conversation back, and ↑ recalls the last command sent.
        await page.reload();
        await cards.nth(2).waitFor();
        expect(await titles()).toEqual(["OPS 命令帮助", "李娜（lina）", "请求有误"]);
        expect(await commands()).toEqual(["help", "whoami", "/ops frobnicate"]);
        expect(await page.locator('[data-testid="chat-empty"]').count()).toBe(0);
        await input.press("ArrowUp");
        expect(await input.inputValue()).toBe("/ops frobnicate");
        await input.press("ArrowUp");
        expect(await input.inputValue()).toBe("whoami");

        // Another user signing in on the same browser sees neither lina's conversation nor her history.
        await page.locator('[data-testid="logout"]').click();
        await page.locator('[data-testid="login-form"]').waitFor();
        await signIn(page, server.url, "wangfang", DEMO_PASSWORD);
        await openChat();
        await page.locator('[data-testid="chat-empty"]').waitFor();
        expect(await cards.count()).toBe(0);
        await input.press("ArrowUp");
        expect(await input.inputValue()).toBe("");
        await page.locator('[data-testid="logout"]').click();
        await page.locator('[data-testid="login-form"]').waitFor();

        // lina again: still hers. 清空 asks first, then empties it, and it stays empty after a reload.
        await signIn(page, server.url, "lina", DEMO_PASSWORD);
        await openChat();
        await cards.nth(2).waitFor();
        expect(await titles()).toEqual(["OPS 命令帮助", "李娜（lina）", "请求有误"]);
        await page.locator('[data-testid="chat-clear"]').click();
        const dialog = page.locator('[data-testid="confirm-dialog"]');
        await dialog.waitFor();
        expect(await dialog.innerText()).toContain("清空对话记录？");
        await dialog.locator("button", { hasText: "清空" }).click();
        await page.locator('[data-testid="chat-empty"]').waitFor();
        expect(await cards.count()).toBe(0);
        expect(await page.locator('[data-testid="chat-clear"]').isDisabled()).toBe(true);
        await page.reload();
        await page.locator('[data-testid="chat-empty"]').waitFor();
        expect(await cards.count()).toBe(0);
        // The command history is kept (clearing is about the conversation).
        await input.press("ArrowUp");
        expect(await input.inputValue()).toBe("/ops frobnicate");
      } finally {
        await b.close();
      }
    }, 90_000);
  });

  describe("card renderer (stubbed answers)", () => {
    /** A card the real bot has no reason to send: markdown, raw HTML, a form input and two buttons. */
    const noteCard = (text: string): WebCard =>
      renderWeb({
        locale: "zh-CN",
        header: { title: `笔记：${text}`, tone: "warning" },
        blocks: [
          { type: "markdown", text: `\`${text}\` 可以记下，**试试** [帮助](/help)\n- 第一行\n- 第二行` },
          { type: "markdown", text },
          { type: "input", name: "note", label: "备注", optional: true },
          {
            type: "actions",
            buttons: [
              { kind: "action", text: "记下", action: "chat.note", value: { text } },
              { kind: "action", text: "完成", action: "chat.done", value: { text } },
            ],
          },
        ],
      });
    const simpleCard = (title: string, tone: Card["header"]["tone"], text: string): WebCard =>
      renderWeb({ locale: "zh-CN", header: { title, tone }, blocks: [{ type: "markdown", text }] });
    const ok = (route: Route, data: unknown) => route.fulfill({ json: { code: 0, message: "ok", data, timestamp: Date.now() } });

    it("an answer replaces the clicked card, inputs travel with the click, extra cards land after it, raw HTML stays text", async () => {
      const b = await openBrowser(NARROW_PHONE);
      const { page } = b;
      const actions: CardAction[] = [];
      await page.route(CHAT_ROUTES, async (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path.endsWith("/chat/commands")) {
          const text = (route.request().postDataJSON() as { text: string }).text;
          return ok(route, { cards: [noteCard(text)] });
        }
        const action = route.request().postDataJSON() as CardAction;
        actions.push(action);
        if (action.action === "chat.done") return ok(route, { update: simpleCard("已完成", "success", `完成：${String(action.value.text)}`), cards: [] });
        return ok(route, { update: null, cards: [simpleCard("已记下", "info", `备注：${action.inputs.note ?? ""}`)] });
      });
      const commandDone = () => page.waitForResponse(isPost("/api/v1/chat/commands"));
      const actionDone = () => page.waitForResponse(isPost("/api/v1/chat/actions"));
      try {
        await openConsole(page, server.url);
        const cards = page.locator('[data-testid="chat-transcript"] [data-testid="web-card"]');
        const input = page.locator('[data-testid="chat-input"]');
        const title = (i: number) => cards.nth(i).locator('[data-testid="card-title"]');

        await input.fill("<b>first</b>");
        await Promise.all([commandDone(), input.press("Enter")]);
        await title(0).waitFor();
        await input.fill("second");
        await Promise.all([commandDone(), input.press("Enter")]);
        await title(1).waitFor();

        // Raw HTML stays text; markdown renders.
        const first = cards.nth(0);
        expect(await first.locator(".wc-markdown b").count()).toBe(0);
        expect(await first.locator(".wc-markdown").nth(1).innerText()).toBe("<b>first</b>");
        expect(await first.locator(".wc-markdown strong").innerText()).toBe("试试");
        expect(await first.locator('.wc-markdown a[href="/help"]').count()).toBe(1);
        expect(await first.locator(".wc-markdown li").allInnerTexts()).toEqual(["第一行", "第二行"]);

        // The input's value travels with the click; the reply's card lands right after the clicked card.
        await first.locator('input[name="note"]').fill("稍后处理");
        await Promise.all([actionDone(), first.locator('[data-testid="card-action"]', { hasText: "记下" }).click()]);
        await expect.poll(() => cards.count()).toBe(3);
        expect(actions[0]).toEqual({ action: "chat.note", value: { text: "<b>first</b>" }, inputs: { note: "稍后处理" } });
        expect(await title(1).innerText()).toBe("已记下");
        expect(await cards.nth(1).innerText()).toContain("备注：稍后处理");
        expect(await title(2).innerText()).toBe("笔记：second");

        // An answer with an update replaces the clicked card in place and adds nothing.
        await Promise.all([actionDone(), cards.nth(2).locator('[data-testid="card-action"]', { hasText: "完成" }).click()]);
        await title(2).filter({ hasText: "已完成" }).waitFor();
        expect(actions[1]).toMatchObject({ action: "chat.done", value: { text: "second" } });
        expect(await cards.nth(2).getAttribute("data-tone")).toBe("success");
        expect(await cards.nth(2).innerText()).toContain("完成：second");
        expect(await cards.count()).toBe(3);
        expect(await page.getByText("笔记：second").count()).toBe(0);
        expect(await title(0).innerText()).toBe("笔记：<b>first</b>");
        await page.screenshot({ path: `${SHOTS}/phone-chat-renderer.png`, fullPage: true });
      } finally {
        await b.close();
      }
    }, 60_000);
  });
});
