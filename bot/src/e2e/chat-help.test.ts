/**
 * `help <command>` answers with the command's help page in short (title, summary, examples) and a link to
 * it, in the web console and through platform stand-ins; the general help links to the help center.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { feishuDriver, slackDriver, type ChatDriver, type Posted } from "./chat-drivers.ts";

type WebCard = { header: { title: string; subtitle?: string }; blocks: Array<{ type: string; text?: string; buttons?: Array<{ kind: string; text: string; url?: string }> }>; link: string | null };
const links = (card: WebCard) => card.blocks.flatMap((b) => b.buttons ?? []).filter((b) => b.kind === "link").map((b) => b.url);

describe("help <command> in the web console", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  const say = async (token: string, text: string, lang = "zh-CN") =>
    (await h.req("POST", `/api/v1/chat/commands?lang=${lang}`, { token, body: { text } })).body.data.cards as WebCard[];

  it("answers with the page's title, summary, examples and app links, for aliases too", async () => {
    const lina = await h.login("lina");
    const [card] = await say(lina, "help run");
    expect(card!.header).toMatchObject({ title: "运行作业 · run", subtitle: "命令帮助" });
    const text = JSON.stringify(card);
    expect(text).toContain("立即运行一个作业");
    expect(text).toContain("运行 daily-data-sync bizDate=2026-11-01");
    expect(links(card!)).toEqual(["/help/command-run", "/help"]);
    expect(card!.link).toBe("/help/command-run");
    const [alias] = await say(lina, "帮助 运行");
    expect(alias!.header.title).toBe("运行作业 · run");
    const [en] = await say(lina, "help approve", "en");
    expect(en!.header.title).toBe("approve / reject");
    // lina may not decide approvals: the card says so instead of pretending she can
    expect(JSON.stringify(en)).toContain("You may not use this command yet (it needs `approvals:decide`)");
  });

  it("describes flow run and backfill as working commands", async () => {
    const dev = await h.login("liuyang");
    const [flow] = await say(dev, "help flow");
    expect(flow!.header.title).toBe("运行流程 · flow run");
    expect(JSON.stringify(flow)).toContain("等待节点可以在卡片上继续或驳回");
    const [backfill] = await say(dev, "帮助 补数", "en");
    expect(backfill!.header.title).toBe("backfill");
    expect(JSON.stringify(backfill)).toContain("one run per day");
    for (const card of [flow, backfill]) expect(JSON.stringify(card)).not.toMatch(/尚未上线|Not available/);
  });

  it("shows an admin's edit of the page", async () => {
    const admin = await h.login("admin");
    const saved = await h.req("PUT", "/api/v1/help/pages/command-whoami", {
      token: admin, body: { locale: "zh-CN", title: "我是谁（修订）", summary: "修订后的摘要", category: "commands", body: "```text\n我是谁\n```" },
    });
    expect(saved.status).toBe(200);
    const [card] = await say(admin, "help whoami");
    expect(card!.header.title).toBe("我是谁（修订）");
    expect(JSON.stringify(card)).toContain("修订后的摘要");
  });

  it("lists the commands with a note for an unknown one, and ends the general help with the help center link", async () => {
    const lina = await h.login("lina");
    const [unknown] = await say(lina, "help foo");
    expect(unknown!.header.title).toBe("OPS 命令帮助");
    expect(JSON.stringify(unknown)).toContain("没有命令「foo」的帮助页面");
    expect(JSON.stringify(unknown)).toContain("whoami");
    const [general] = await say(lina, "help");
    expect(JSON.stringify(general)).toContain("更多用法见应用内帮助");
    expect(links(general!)).toEqual(["/help"]);
  });
});

/** Waits on the stand-in's journals (no polling) until the bot posted one more message than `before`. */
function nextPost(h: BotHarness, driver: ChatDriver, before: number): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const unsubs: Array<() => void> = [];
    const check = () => {
      const posted = driver.posted(h);
      if (posted.length > before) {
        clearTimeout(timer);
        for (const u of unsubs) u();
        resolve(posted.at(-1)!);
      }
    };
    const timer = setTimeout(() => reject(new Error(`${driver.platform}: no answer`)), 8000);
    for (const j of driver.journals(h)) unsubs.push(j.subscribe(check));
    check();
  });
}

describe.each([
  { driver: slackDriver, publicUrl: null, label: "Slack without OPS_PUBLIC_URL (the callback's origin)" },
  { driver: feishuDriver, publicUrl: undefined, label: "Feishu with OPS_PUBLIC_URL" },
])("help <command> on $label", ({ driver, publicUrl }) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ ...driver.options, publicUrl });
    await h.bind(driver.platform, driver.users[0], "lina");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("posts the page's summary and an absolute link to it", async () => {
    const base = publicUrl === null ? h.url : "https://ops.example.com";
    let before = driver.posted(h).length;
    expect((await driver.send(h, "help run", driver.users[0])).status).toBe(200);
    const topic = await nextPost(h, driver, before);
    expect(topic.content).toContain("运行作业 · run");
    expect(topic.content).toContain("立即运行一个作业");
    expect(topic.content).toContain(`${base}/help/command-run`);

    before = driver.posted(h).length;
    await driver.send(h, "帮助", driver.users[0]);
    const general = await nextPost(h, driver, before);
    expect(general.content).toContain("更多用法见应用内帮助");
    expect(general.content).toContain(`${base}/help`);
  });
});
