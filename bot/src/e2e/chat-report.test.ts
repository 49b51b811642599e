import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { feishuDriver, slackDriver, untilPosted, type ChatDriver, type Posted } from "./chat-drivers.ts";

/**
 * Issue 12 items 6 and 7 in chat, over the Slack and Feishu stand-ins with the real SDKs, on the demo reports
 * (OPS_DEMO seeder `reports`): `/ops report sales-by-city region=华东` answers the digest card with KPIs and the
 * chart (Slack: an image block whose URL serves the PNG; Feishu: the PNG uploaded and shown by its image_key), each
 * bound user sees their own numbers (李娜, DEPT: her region; 张伟, his whole department tree), a value smuggling SQL
 * is refused with the field's message, the period select re-runs the card in place, 下载 Excel is a signed link to the
 * caller's rows, and `/ops metric 成交额` finds the demo metric (its owner named, only reports the caller may open).
 */
const SLACK = { zhangwei: "U0000ALICE", lina: "U0000BOB01" } as const;
const FEISHU = { lina: "ou_fake_alice" } as const;
const WAIT_MS = 30_000;

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ slack: true, feishu: { encryptKey: "e2e-encrypt-key" }, notify: true });
  // 李娜's Feishu account first: notifications (a subscription's digest) go to the account bound first
  await h.bind("feishu", FEISHU.lina, "lina");
  await h.bind("slack", SLACK.zhangwei, "zhangwei");
  await h.bind("slack", SLACK.lina, "lina");
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** Sends `text` as `user` and resolves with the first new post that `pred` accepts. */
async function ask(driver: ChatDriver, user: string, text: string, pred: (content: string) => boolean): Promise<Posted> {
  const before = driver.posted(h).length;
  const delivery = await driver.send(h, text, user);
  expect(delivery.status).toBe(200);
  const posted = await untilPosted(driver, h, (p) => p.slice(before).some((x) => pred(x.content)), `answer to "${text}"`, WAIT_MS);
  return posted.slice(before).find((x) => pred(x.content))!;
}

type SlackBlock = { type: string; image_url?: string; fields?: Array<{ text: string }>; elements?: Array<{ action_id?: string }> };
const slackBlocks = (p: Posted) => JSON.parse(p.content) as SlackBlock[];
/** The KPI fields of a Slack digest as "label value" lines. */
const kpis = (p: Posted) => slackBlocks(p).flatMap((b) => b.fields ?? []).map((f) => f.text);
const isDigest = (c: string) => c.includes("report.run") || c.includes('"type":"image"');

/** Reads an image URL the way an IM platform would: no session, through the app (OPS_PUBLIC_URL is not served here). */
async function fetchImage(url: string): Promise<Response> {
  const path = url.replace(/^https?:\/\/[^/]+/, "");
  return h.system.app.fetch(new Request(`http://ops.internal${path}`));
}
const isPng = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe("chat: reports on the Slack stand-in", () => {
  it("answers `/ops report sales-by-city region=华东` with KPIs and the chart image, whose URL serves a PNG", async () => {
    const card = await ask(slackDriver, SLACK.zhangwei, "report sales-by-city region=华东", isDigest);
    expect(kpis(card).length).toBeGreaterThan(0);
    const image = slackBlocks(card).find((b) => b.type === "image");
    expect(image?.image_url).toMatch(/^https:\/\/ops\.example\.com\/.+\.png/);
    const res = await fetchImage(image!.image_url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/png");
    expect(isPng(new Uint8Array(await res.arrayBuffer()))).toBe(true);
    // a tampered token is refused
    expect((await fetchImage(image!.image_url!.replace(/.(\.png)/, "x$1"))).status).toBeGreaterThanOrEqual(400);
  }, 60_000);

  it("offers 下载 Excel on the digest: a signed link that downloads the caller's own rows without a session", async () => {
    const card = await ask(slackDriver, SLACK.lina, "report sales-by-city", isDigest);
    expect(card.content).toContain("下载 Excel");
    const url = /"url":"([^"]*\/report-digest-files\/[^"]+\.xlsx)"/.exec(card.content)?.[1];
    expect(url).toMatch(/^https:\/\/ops\.example\.com\/api\/v1\/report-digest-files\//);
    const res = await fetchImage(url!);
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]);
    expect((await fetchImage(url!.replace(/.(\.xlsx)$/, "x$1"))).status).toBe(403);
    // the amounts in the report's currency format, no raw floats
    expect(kpis(card).join(" ")).toMatch(/¥[\d,]+\.\d{2}/);
    expect(JSON.stringify(slackBlocks(card).filter((b) => b.type !== "image" && b.type !== "actions"))).not.toMatch(/\d\.\d{3,}/);
  }, 60_000);

  it("shows each bound user their own numbers: 李娜 (her region) and 张伟 (all his regions) differ", async () => {
    const zhangwei = await ask(slackDriver, SLACK.zhangwei, "report sales-by-city", isDigest);
    const lina = await ask(slackDriver, SLACK.lina, "report sales-by-city", isDigest);
    expect(kpis(lina).length).toBeGreaterThan(0);
    expect(kpis(lina)).not.toEqual(kpis(zhangwei));
    // her department's region is 华东: no city of another region in her table, while his has them
    for (const city of ["北京", "广州"]) {
      expect(lina.content).not.toContain(city);
      expect(zhangwei.content).toContain(city);
    }
  }, 60_000);

  it("refuses a control value smuggling SQL with the field's message, and shows no data", async () => {
    const refused = await ask(slackDriver, SLACK.zhangwei, `report sales-by-city "region=华东' OR '1'='1"`, (c) => c.includes("请求有误"));
    expect(refused.content).toMatch(/region|区域/);
    expect(refused.content).not.toContain('"type":"image"');
  }, 60_000);

  it("re-runs the digest for the period chosen in the card, in place", async () => {
    const card = await ask(slackDriver, SLACK.zhangwei, "report sales-by-city region=华东", (c) => c.includes("report.run"));
    type Select = { block_id: string; element?: { action_id: string; options?: Array<{ value: string }>; initial_option?: { value: string } } };
    const selectOf = (p: Posted) => (JSON.parse(p.content) as Select[]).find((b) => b.element?.options)!;
    const select = selectOf(card);
    // the report's date range control with presets; the one shown is the report's default
    const other = select.element!.options!.map((o) => o.value).find((v) => v !== select.element!.initial_option?.value)!;
    expect(other).toMatch(/^[a-z_]+=[a-z_0-9]+$/);
    const [channel, ts] = card.ref.split("/") as [string, string];
    const click = await h.slack!.sendBlockAction(`${h.url}/bot/slack/events`, {
      channel_id: channel, message_ts: ts, action_id: "report.run", user_id: SLACK.zhangwei,
      state_values: { [select.block_id]: { [select.element!.action_id]: { type: "static_select", selected_option: { value: other } } } },
    });
    expect(click.status).toBe(200);
    const updated = await untilPosted(slackDriver, h, (p) => (p.find((x) => x.ref === card.ref)?.versions ?? 0) > card.versions, "the re-run digest", WAIT_MS);
    const now = updated.find((x) => x.ref === card.ref)!;
    expect(selectOf(now).element!.initial_option?.value).toBe(other);
    expect(isDigest(now.content)).toBe(true);
    // the period is the API's words for the values it used: another range, another subtitle
    expect(now.content).not.toEqual(card.content);
  }, 60_000);

  it("lists the reports with `/ops report`, shows a KPI's delta, and finds the demo metric with `/ops metric 成交额`", async () => {
    const list = await ask(slackDriver, SLACK.zhangwei, "report", (c) => c.includes("report.open"));
    expect(list.content).toContain("sales-by-city");
    // the month-over-month KPI report: its delta arrowed and coloured
    const kpi = await ask(slackDriver, SLACK.zhangwei, "report sales-kpi", isDigest);
    expect(kpis(kpi).join(" ")).toMatch(/(🔴↑|🟢↓|⚪→) [\d.]+%/);
    const metric = await ask(slackDriver, SLACK.zhangwei, "metric 成交额", (c) => c.includes("成交额"));
    expect(metric.content).toContain("计算口径");
  }, 60_000);

  it("`/ops metric` names the owner to anyone and offers only the reports the caller may open", async () => {
    const admin = await h.login("admin");
    const dataset = (await h.req("GET", "/api/v1/reports/sales-by-city", { token: admin })).body.data.dataset_id as string;
    const created = await h.req("POST", "/api/v1/reports", {
      token: admin, body: { name: "mgr-gmv", title: "经理专用成交额", dataset_id: dataset, chart: { type: "bar", x: "city", series: [{ column: "amount", agg: "sum" }] }, roles: ["ops_manager"] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const lina = await ask(slackDriver, SLACK.lina, "metric gmv", (c) => c.includes("计算口径"));
    const boss = await ask(slackDriver, SLACK.zhangwei, "metric gmv", (c) => c.includes("计算口径"));
    expect(lina.content).toContain("张伟");
    expect(boss.content).toContain("经理专用成交额");
    expect(lina.content).not.toContain("经理专用成交额");
    expect(lina.content).toContain("各城市销售额");
  }, 60_000);
});

describe("chat: reports on the Feishu stand-in", () => {
  it("uploads the chart PNG with im.image.create and shows it by its image_key", async () => {
    const before = h.feishu!.images.items.length;
    const card = await ask(feishuDriver, FEISHU.lina, "报表 sales-by-city region=华东", (c) => c.includes("report.run"));
    const uploaded = h.feishu!.images.items.slice(before);
    expect(uploaded).toHaveLength(1);
    expect(isPng(uploaded[0]!.bytes)).toBe(true);
    expect(card.content).toContain(`"img_key":"${uploaded[0]!.image_key}"`);
  }, 60_000);

  it("re-runs the digest for the period chosen in the card's form, updating it in place", async () => {
    const card = await ask(feishuDriver, FEISHU.lina, "报表 sales-by-city", (c) => c.includes("report.run"));
    const subtitle = (content: string) => (JSON.parse(content) as { header?: { subtitle?: { content?: string } } }).header?.subtitle?.content;
    const click = await h.feishu!.sendCardAction(`${h.url}/bot/feishu/cards`, {
      message_id: card.ref, open_id: FEISHU.lina, button_text: "重新生成", form_value: { period: "period=last_7_days" },
    });
    expect(click.status).toBe(200);
    await untilPosted(feishuDriver, h, (p) => (p.find((x) => x.ref === card.ref)?.versions ?? 0) > card.versions, "the re-run digest", WAIT_MS);
    const now = feishuDriver.posted(h).find((x) => x.ref === card.ref)!;
    // the API's words for the range used: another range, another subtitle
    expect(subtitle(now.content)).not.toBe(subtitle(card.content));
    expect(now.content).toContain("report.run");
  }, 60_000);

  it("finds the demo metric with `指标 成交额`", async () => {
    const metric = await ask(feishuDriver, FEISHU.lina, "指标 成交额", (c) => c.includes("计算口径"));
    expect(metric.content).toContain("成交额");
  }, 60_000);
});

describe("chat: a subscription's digest pushed through the notify center", () => {
  it("reaches 李娜 on Feishu as the report-digest card with her rows and the uploaded chart", async () => {
    // the worker role's delivery jobs (main.ts starts them by role; the test system leaves that to the test)
    h.system.reports.start({ scheduler: false, worker: true });
    const admin = await h.login("admin");
    const linaId = (await h.req("GET", "/api/v1/auth/me", { token: await h.login("lina") })).body.data.id as string;
    const report = (await h.req("GET", "/api/v1/reports/sales-by-city", { token: admin })).body.data as { id: string; title: string };
    const sub = await h.req("POST", "/api/v1/report-subscriptions", {
      token: admin, body: {
        report_id: report.id, name: "每日城市销售", frequency: "daily", time: "08:00", recipients: [{ type: "user", id: linaId }], channels: ["im"],
        params: { period: "last_7_days" }, attach_xlsx: true,
      },
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    const before = h.feishu!.messages.items.length;
    const images = h.feishu!.images.items.length;
    const run = await h.req("POST", `/api/v1/report-subscriptions/${sub.body.data.id}/run`, { token: admin });
    expect(run.status, JSON.stringify(run.body)).toBeLessThan(300);
    const posted = await untilPosted(feishuDriver, h, (p) => p.slice(before).some((x) => x.content.includes("img_key")), "the pushed digest", WAIT_MS);
    const card = posted.slice(before).find((x) => x.content.includes("img_key"))!;
    expect(card.content).toContain(report.title);
    expect(card.content).not.toContain("北京");
    expect(h.feishu!.images.items.length).toBe(images + 1);
    expect(card.content).toContain(`"img_key":"${h.feishu!.images.items.at(-1)!.image_key}"`);
    // the API's period options with the subscription's period chosen, 重新生成 keeping its values, and her xlsx link
    expect(card.content).toContain("report.run");
    expect(card.content).toContain("近 7 天");
    expect(card.content).toContain("period=last_7_days");
    expect(card.content).toContain("下载 Excel");
    expect(card.content).toMatch(/report-digest-files\/[^"]+\.xlsx/);
  }, 60_000);
});
