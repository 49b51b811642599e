import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/** The built-in web console: the chat grammar over POST /api/v1/chat/*, with the caller's own rights. */
let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h?.close();
});

const say = async (token: string, text: string, lang = "zh-CN") =>
  h.req("POST", `/api/v1/chat/commands?lang=${lang}`, { token, body: { text } });
const titles = (cards: Array<{ header: { title: string } }>) => cards.map((c) => c.header.title);

describe("web chat console", () => {
  it("answers help with only the commands the caller may use, in their language", async () => {
    const lina = await h.login("lina");
    const admin = await h.login("admin");
    const mine = await say(lina, "/ops 帮助");
    expect(mine.status).toBe(200);
    expect(titles(mine.body.data.cards)).toEqual(["OPS 命令帮助"]);
    const everything = JSON.stringify((await say(admin, "help")).body.data.cards[0]);
    const linas = JSON.stringify(mine.body.data.cards[0]);
    expect(everything).toContain("backfill");
    expect(linas).toContain("whoami");
    expect(linas.length).toBeLessThan(everything.length);
    const en = await say(lina, "help", "en");
    expect(titles(en.body.data.cards)).toEqual(["OPS commands"]);
  });

  it("answers whoami as the signed-in user with no unbind button, and still refuses a stale web unbind with a reason", async () => {
    const token = await h.login("lina");
    const who = await say(token, "whoami");
    const card = who.body.data.cards[0];
    expect(card.header.title).toBe("李娜（lina）");
    // Signed in directly: there is no chat binding to undo, so the web card offers only the profile link.
    const buttons = card.blocks.filter((b: { type: string }) => b.type === "actions").flatMap((b: { buttons: unknown[] }) => b.buttons);
    expect(buttons).toEqual([expect.objectContaining({ kind: "link", url: "/profile" })]);
    // A click from a card kept from before (or a hand-made request) gets the explanation, not an unbind.
    const clicked = await h.req("POST", "/api/v1/chat/actions", { token, body: { action: "identity.unbind", value: { platform: "web" } } });
    expect(clicked.status).toBe(200);
    expect(clicked.body.data.update).toBeNull();
    expect(JSON.stringify(clicked.body.data.cards[0])).toContain("无需解除绑定");
  });

  it("turns usage mistakes into an error card, and refuses bad bodies with a field error", async () => {
    const token = await h.login("lina");
    const unknown = await say(token, "deploy everything");
    expect(unknown.status).toBe(200);
    expect(JSON.stringify(unknown.body.data.cards[0])).toContain("不认识的命令「deploy」");
    const usage = await say(token, "pause");
    expect(JSON.stringify(usage.body.data.cards[0])).toContain("暂停 <作业>");
    const bad = await h.req("POST", "/api/v1/chat/commands", { token, body: { text: 42 } });
    expect(bad).toMatchObject({ status: 400, body: { code: 40001, errors: [{ field: "text" }] } });
    const noAuth = await h.req("POST", "/api/v1/chat/commands", { body: { text: "help" } });
    expect(noAuth.status).toBe(401);
  });

  it("checks RBAC before answering a command", async () => {
    const auditor = await h.login("chenjing");
    const denied = await say(auditor, "ticket new 打印机坏了");
    expect(JSON.stringify(denied.body.data.cards[0])).toContain("tickets:create");
    // every command answers in chat now (reports last): an unknown report is named, not "not available yet"
    const admin = await h.login("admin");
    const unknown = await say(admin, "report 销售日报");
    expect(JSON.stringify(unknown.body.data.cards[0])).toContain("没有找到报表「销售日报」");
  });

  it("keeps the client's address through the composed fetch (rate limits and audit depend on it)", async () => {
    const res = await fetch(`${h.url}/api/v1/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "wangfang", password: "Ops@demo2026" }),
    });
    expect(res.status).toBe(200);
    const row = await h.system.db.get<{ ip: string | null }>("SELECT ip FROM login_logs WHERE username = 'wangfang' ORDER BY ts DESC LIMIT 1");
    expect(row?.ip).toBe("127.0.0.1");
  });

  it("marks a notification read from its card", async () => {
    const admin = await h.login("admin");
    const lina = await h.login("lina");
    const userId = (await h.req("GET", "/api/v1/auth/me", { token: lina })).body.data.id;
    await h.req("POST", "/api/v1/notify/send", { token: admin, body: { type: "job.failed", recipients: [userId], data: { title: "日报失败", body: "exit 1" } } });
    const inbox = await h.req("GET", "/api/v1/notifications?unread=true", { token: lina });
    const id = inbox.body.data.items[0].id;
    const clicked = await h.req("POST", "/api/v1/chat/actions", { token: lina, body: { action: "notify.read", value: { id } } });
    expect(clicked.body.data.update.header.title).toBe("日报失败");
    expect(JSON.stringify(clicked.body.data.update)).toContain("已读");
    expect((await h.req("GET", "/api/v1/notifications/unread-count", { token: lina })).body.data.count).toBe(0);
    const other = await h.req("POST", "/api/v1/chat/actions", { token: admin, body: { action: "notify.read", value: { id } } });
    expect(JSON.stringify(other.body.data.cards[0])).toContain("notify.notification_not_found");
  });
});
