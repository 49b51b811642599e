import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { slackDriver, untilPosted, type Posted } from "./chat-drivers.ts";

/**
 * The seed 004 ticket flow driven from chat against the real tickets API: `ticket new` answers the
 * ticket card; each party clicks the next step on it (as themselves: RBAC and the ticket rules are
 * the API's) and every copy of the card follows in place.
 */
type WebCard = { header: { title: string; subtitle: string }; blocks: Array<{ type: string; buttons?: Array<{ action?: string; value?: Record<string, string> }> }> };
const buttonsOf = (c: WebCard) => c.blocks.flatMap((b) => b.buttons ?? []).filter((b) => b.action === "ticket.move").map((b) => b.value!.action + (b.value!.assignee ? `:${b.value!.assignee}` : ""));

describe("chat: tickets on the web console", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ slack: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("opens a ticket with `工单 新建` and moves it to closed with each party's buttons; the wrong party gets 403, a stale click 409", async () => {
    const as = async (u: string) => h.login(u);
    const say = async (u: string, text: string) => (await h.req("POST", "/api/v1/chat/commands", { token: await as(u), body: { text } })).body.data;
    const click = async (u: string, value: Record<string, string>, inputs: Record<string, string> = {}) =>
      (await h.req("POST", "/api/v1/chat/actions", { token: await as(u), body: { action: "ticket.move", value, inputs } })).body.data;

    const opened = (await say("songjia", "工单 新建 打印机卡纸")).cards[0] as WebCard;
    expect(opened.header.title).toMatch(/^工单 T-\d{5}：打印机卡纸$/);
    expect(opened.header.subtitle).toBe("待审核 · 优先级 中");
    expect(buttonsOf(opened)).toEqual(["review_approve", "review_reject"]);
    const list = await h.req("GET", "/api/v1/tickets?view=mine", { token: await as("songjia") });
    const ticket = list.body.data.items[0];
    expect(ticket).toMatchObject({ title: "打印机卡纸", kind: "issue", priority: "medium", via: "web" });
    const id = ticket.id as string;

    // the reporter may not approve: the API's 403 as an error card, the card as it is
    const wrong = await click("songjia", { id, action: "review_approve" });
    expect(JSON.stringify(wrong.cards[0])).toContain("你不能对该工单执行「审核通过」");
    expect(wrong.update.header.subtitle).toContain("待审核");

    const reviewed = await click("luoting", { id, action: "review_approve" });
    expect(reviewed.update.header.subtitle).toContain("已审核");
    // the PM's own card offers the engineers to pick from
    const pmView = (await click("mazhiqiang", { id, action: "review_approve" }));
    expect(JSON.stringify(pmView.cards[0])).toContain("已审核");
    expect(JSON.stringify(pmView.update)).toContain('"type":"select"');
    expect(JSON.stringify(pmView.update)).toContain("hejun");

    const assigned = await click("mazhiqiang", { id, action: "assign" }, { assignee: "hejun" });
    expect(assigned.update.header.subtitle).toContain("已指派");
    expect(JSON.stringify(assigned.update)).toContain("何军");
    expect(buttonsOf((await click("hejun", { id, action: "start" })).update)).toEqual(["submit"]);
    expect(buttonsOf((await click("hejun", { id, action: "submit" }, { comment: "已更换搓纸轮" })).update)).toEqual(["confirm", "send_back"]);
    expect(buttonsOf((await click("songjia", { id, action: "confirm" })).update)).toEqual(["close"]);
    const closed = await click("luoting", { id, action: "close" });
    expect(closed.update.header.subtitle).toContain("已结单");
    expect(buttonsOf(closed.update)).toEqual([]);

    const detail = await h.req("GET", `/api/v1/tickets/${id}`, { token: await as("songjia") });
    expect(detail.body.data.events.map((e: { action: string | null }) => e.action)).toEqual([null, "review_approve", "assign", "start", "submit", "confirm", "close"]);
    expect(detail.body.data.events[4]).toMatchObject({ comment: "已更换搓纸轮", actor: { username: "hejun" } });
  });
});

describe("chat: tickets on Slack", () => {
  let h: BotHarness;
  const driver = slackDriver;
  const people = { songjia: "U0000REPRT", luoting: "U0000REVWR", mazhiqiang: "U0000PMGR1", hejun: "U0000ENGR1" } as const;
  beforeAll(async () => {
    h = await startBotHarness({ ...driver.options, notify: true });
    for (const [username, external] of Object.entries(people)) await h.bind("slack", external, username);
  });
  afterAll(async () => {
    await h?.close();
  });
  const until = (pred: (posted: Posted[]) => boolean, what: string) => untilPosted(driver, h, pred, what, 15_000);
  const card = (ref: string) => driver.posted(h).find((x) => x.ref === ref)!;

  it("posts the ticket card; a web step and each party's click move it and the same message follows to 已结单", async () => {
    const before = driver.posted(h).length;
    await driver.send(h, "ticket new VPN 无法连接", people.songjia);
    const isTicket = (x: Posted) => x.content.includes("VPN 无法连接");
    const first = (await until((p) => p.slice(before).some(isTicket), "the ticket card")).slice(before).find(isTicket)!;
    expect(first.content).toContain("待审核");
    const step = async (who: keyof typeof people, status: string) => {
      await driver.click(h, first.ref, "ticket.move", people[who]);
      await until(() => card(first.ref).content.includes(status), `the card at ${status}`);
    };
    // a step taken in the web app updates the posted card in place too (the API refreshes message refs of the ticket)
    const ticketId = (await h.req("GET", "/api/v1/tickets?view=mine", { token: await h.login("songjia") })).body.data.items[0].id;
    const approved = await h.req("POST", `/api/v1/tickets/${ticketId}/transitions`, { token: await h.login("luoting"), body: { action: "review_approve" } });
    expect(approved.status).toBe(200);
    await until(() => card(first.ref).content.includes("已审核"), "the card refreshed by the API to 已审核");
    // refreshed for everyone, the card has no pick list: its first step is "assign to me"
    await step("mazhiqiang", "已指派");
    await step("mazhiqiang", "处理中");
    await step("mazhiqiang", "已完成");
    await step("songjia", "已确认");
    await step("luoting", "已结单");
    expect(card(first.ref).content).not.toContain("ticket.move");
    const ticket = (await h.req("GET", "/api/v1/tickets?view=mine", { token: await h.login("songjia") })).body.data.items[0];
    expect(ticket).toMatchObject({ status: "closed", via: "slack" });
    expect(ticket.assignee.username).toBe("mazhiqiang");
    expect(card(first.ref).versions).toBeGreaterThan(first.versions);
  });
});
