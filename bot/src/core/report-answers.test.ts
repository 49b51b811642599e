import { describe, expect, it } from "vitest";
import { allButtons, type Card, type ReportDigestData } from "@ops/cards";
import type { Metric, Report } from "@ops/shared/contracts/reports.ts";
import { createApiClient } from "./api-client.ts";
import { answerAction } from "./actions.ts";
import type { AnswerCtx } from "./answer.ts";
import { cardOf } from "./card-of.ts";
import { answerCommand } from "./commands.ts";
import { distance } from "./report-answers.ts";

/**
 * `report` and `metric` against a fake API (the reports routes as DESIGN.md §5 and the H4/H5 task texts give them):
 * what is asked of the API as the caller, and the cards made of its answers.
 */
const at = "2026-12-04T08:30:00Z";
const report = (name: string, title: string, extra: Partial<Report> = {}): Report => ({
  id: `id-${name}`, name, title, description: "", dataset_id: "ds1", chart: { type: "bar", x: "city", series: [{ column: "amount", agg: "sum" }] },
  controls: [
    { name: "region", label: "区域", type: "select", param: "region" },
    { name: "date", label: "日期", type: "daterange", params: ["from", "to"], default: "last_30_days" },
  ],
  format: {}, drill: null, cache_ttl_s: 0, roles: [], owner_id: null, favourite: false, created_at: at, updated_at: at, ...extra,
});
const REPORTS = [
  report("sales-by-city", "城市销售"), report("sales-detail", "销售明细", { favourite: true }), report("sales-kpi", "销售 KPI"),
  report("channel-share", "渠道占比"), report("hr-headcount", "人员编制"),
];
const metric = (name: string, title: string, extra: Partial<Metric> = {}): Metric => ({
  id: `m-${name}`, name, title, owner_id: "u-lina", definition: "已支付订单的实付金额之和，不含退款", sql: null, dataset_id: "ds1", column: "amount",
  unit: "元", refresh: "每日 06:00", tags: ["销售"], report_ids: ["id-sales-by-city", "id-secret"], owner_name: "李娜", created_at: at, updated_at: at, ...extra,
});
const METRICS = [metric("gmv", "成交额"), metric("gmv_share", "成交额占比", { unit: "%" }), metric("orders", "订单数", { unit: "单", owner_id: null, owner_name: null })];

type Call = { method: string; path: string; query: Record<string, string>; headers: Headers };

function fakeApi(opts: { permissions?: string[] } = {}) {
  const calls: Call[] = [];
  const ok = (data: unknown) => Response.json({ code: 0, message: "ok", data, timestamp: at });
  const fail = (status: number, reason: string, message: string, errors?: unknown) => Response.json({ code: status * 100 + 1, reason, message, errors, timestamp: at }, { status });
  const fetch = (req: Request) => {
    const url = new URL(req.url);
    const query = Object.fromEntries(url.searchParams);
    calls.push({ method: req.method, path: url.pathname, query, headers: req.headers });
    const path = url.pathname.replace(/^\/api\/v1/, "");
    if (path === "/auth/me") return ok({ id: "u1", username: "lina", display_name: "李娜", locale: "zh-CN", permissions: opts.permissions ?? ["reports:view"], roles: [] });
    if (path === "/reports") {
      const items = REPORTS.filter((r) => (query.favourites === "1" ? r.favourite : true) && (!query.q || r.name.includes(query.q) || r.title.includes(query.q)));
      return ok({ items: items.slice(0, Number(query.page_size)), total: items.length, page: 1, page_size: Number(query.page_size) });
    }
    const digest = /^\/reports\/([^/]+)\/digest$/.exec(path);
    if (digest) {
      if (query.region && !["华东", "华南", "华北"].includes(query.region)) return fail(400, "reports.invalid", "报表参数不合法，请按提示修改", [{ field: "region", message: "「区域」不是可选的值" }]);
      const card: ReportDigestData = {
        reportId: digest[1]!, name: "城市销售", period: `${query.date ?? "last_30_days"}`, generatedAt: at,
        metrics: [{ label: "成交额", value: query.region === "华东" ? "¥520,000" : "¥1,230,000", delta: "+12%", trend: "up" }],
        chartUrl: "https://ops.example.com/api/v1/report-images/t.png", link: "https://ops.example.com/reports/sales-by-city",
      };
      return ok({ card });
    }
    const one = /^\/reports\/([^/]+)$/.exec(path);
    if (one) {
      const r = REPORTS.find((x) => x.id === one[1] || x.name === one[1]);
      return r ? ok(r) : fail(404, "reports.report_not_found", `报表「${one[1]}」不存在`);
    }
    if (path === "/metrics-dictionary") {
      const items = METRICS.filter((m) => m.name.includes(query.q!) || m.title.includes(query.q!) || m.definition.includes(query.q!));
      return ok({ items, total: items.length, page: 1, page_size: 10 });
    }
    return fail(404, "common.not_found", "not found");
  };
  const ctx: AnswerCtx = {
    api: createApiClient({ fetch, botKey: "k" }), caller: { kind: "chat", platform: "slack", userId: "U1" }, platform: "slack", externalUserId: "U1",
    prefix: "/ops", locale: "zh-CN", logger: { debug() {}, info() {}, warn() {}, error() {} },
  };
  return { ctx, calls };
}

const text = (c: Card) => JSON.stringify(c);
const say = async (ctx: AnswerCtx, line: string) => (await answerCommand(ctx, line))[0]!;

describe("chat: report", () => {
  it("lists the reports the caller may view, favourites first, each with a button that runs it", async () => {
    const { ctx } = fakeApi();
    const a = await say(ctx, "报表");
    expect(a.kind).toBe("report-list");
    expect(a.card.header).toMatchObject({ title: "可查看的报表", subtitle: "共 5 张 · 收藏的在前" });
    const md = (a.card.blocks.find((b) => b.type === "markdown") as { text: string }).text.split("\n");
    expect(md[0]).toBe("- **★ 销售明细** · `sales-detail`");
    expect(md).toHaveLength(5);
    const buttons = allButtons(a.card).filter((b) => b.kind === "action");
    expect(buttons[0]).toMatchObject({ text: "销售明细", action: "report.open", value: { report: "sales-detail" } });
    expect(buttons.map((b) => b.kind === "action" && b.value.report)).toEqual(["sales-detail", "sales-by-city", "sales-kpi", "channel-share", "hr-headcount"]);
  });

  it("answers `report <name> k=v` with the API's digest for the caller, periods to re-run it for and its values kept", async () => {
    const { ctx, calls } = fakeApi();
    ctx.caller = { kind: "chat", platform: "slack", userId: "U1", command: "/ops report sales-by-city region=华东" };
    const a = await say(ctx, "report sales-by-city region=华东");
    expect(a.kind).toBe("report-digest");
    const asked = calls.find((c) => c.path.endsWith("/digest"))!;
    expect(asked.path).toBe("/api/v1/reports/id-sales-by-city/digest");
    expect(asked.query).toEqual({ region: "华东" });
    // as the bound chat user: the bot key and the chat account, never a stored user token
    expect(asked.headers.get("x-ops-chat-user")).toBe("U1");
    expect(text(a.card)).toContain("¥520,000（🔴↑ +12%）");
    expect(a.card.blocks.find((b) => b.type === "image")).toMatchObject({ url: "https://ops.example.com/api/v1/report-images/t.png" });
    const select = a.card.blocks.find((b) => b.type === "select") as { options: Array<{ label: string; value: string }>; initial: string };
    expect(select.options.map((o) => o.label)).toEqual(["近 7 天", "近 30 天", "本月", "上月", "本季度", "今年"]);
    // the report's default range is the one shown
    expect(select.initial).toBe("date=last_30_days");
    expect(allButtons(a.card)[0]).toMatchObject({ action: "report.run", value: { report_id: "id-sales-by-city", params: "region=%E5%8D%8E%E4%B8%9C" } });
  });

  it("re-runs the digest for the chosen period in place, keeping the other values", async () => {
    const { ctx, calls } = fakeApi();
    const out = await answerAction(ctx, { action: "report.run", value: { report_id: "id-sales-by-city", params: "region=%E5%8D%8E%E4%B8%9C&from=2026-01-01&to=2026-01-31" }, inputs: { period: "date=this_month" } });
    expect(out.cards).toEqual([]);
    expect(out.update!.kind).toBe("report-digest");
    expect(calls.find((c) => c.path.endsWith("/digest"))!.query).toEqual({ region: "华东", date: "this_month" });
    expect((out.update!.card.blocks.find((b) => b.type === "select") as { initial: string }).initial).toBe("date=this_month");
  });

  it("shows a refused value as the field's message, in the caller's language", async () => {
    const { ctx } = fakeApi();
    const a = await say(ctx, "report sales-by-city region=华东'%20OR%201=1--");
    expect(a.kind).toBe("error");
    expect(a.card.header.title).toBe("请求有误");
    expect(text(a.card)).toContain("「区域」不是可选的值");
    expect(text(a.card)).toContain("region");
  });

  it("answers an unknown name with the closest names as buttons; a unique title runs that report", async () => {
    const { ctx } = fakeApi();
    const a = await say(ctx, "report sales-by-cty");
    expect(a.kind).toBe("error");
    expect(text(a.card)).toContain("没有找到报表「sales-by-cty」");
    expect(text(a.card)).toContain("你要找的是不是：`sales-by-city`（城市销售）");
    expect(allButtons(a.card).find((b) => b.kind === "action")).toMatchObject({ action: "report.open", value: { report: "sales-by-city" } });
    expect(text(a.card)).not.toContain("hr-headcount");

    const none = await say(ctx, "report zzzzzzzz");
    expect(text(none.card)).toContain("发送「/ops report」查看可以查看的报表");

    const byTitle = await say(ctx, "报表 城市销售");
    expect(byTitle.kind).toBe("report-digest");
  });

  it("refuses a caller without reports:view before asking for any data", async () => {
    const { ctx, calls } = fakeApi({ permissions: ["jobs:view"] });
    const a = await say(ctx, "report sales-by-city");
    expect(a.card.header.title).toBe("没有权限");
    expect(calls.some((c) => c.path.startsWith("/api/v1/reports"))).toBe(false);
  });

  it("opens a report from a list or suggestion button as a new card", async () => {
    const { ctx } = fakeApi();
    const out = await answerAction(ctx, { action: "report.open", value: { report: "sales-by-city" }, inputs: {} });
    expect(out.update).toBeNull();
    expect(out.cards[0]!.kind).toBe("report-digest");
  });

  it("renders a subscription's pushed digest (notify card kind report-digest) as the digest card", () => {
    const digest = { reportId: "r1", name: "城市销售", period: "本月", generatedAt: at, metrics: [{ label: "成交额", value: "¥1", delta: "-2%", trend: "down" }] };
    for (const data of [digest, { card: digest, title: "城市销售 订阅" }]) {
      const card = cardOf("report-digest", data, "zh-CN");
      expect(card.header.title).toBe("城市销售");
      expect(text(card)).toContain("¥1（🟢↓ -2%）");
    }
    // not a digest after all: still reaches the reader as a notification
    expect(cardOf("report-digest", { title: "日报" }, "zh-CN").header.title).toBe("日报");
  });

  it("measures closeness in code points", () => {
    expect(distance("销售日报", "销售周报")).toBe(1);
    expect(distance("sales", "SALES")).toBe(0);
  });
});

describe("chat: metric", () => {
  it("shows one exact match whole: 计算口径, unit, owner (the API's name, no user lookup), refresh, and the linked reports the caller may view as buttons", async () => {
    const { ctx, calls } = fakeApi();
    const a = await say(ctx, "指标 成交额");
    expect(a.kind).toBe("metric");
    expect(a.card.header.title).toBe("成交额（gmv）");
    expect(text(a.card)).toContain("**计算口径**\\n已支付订单的实付金额之和，不含退款");
    expect(a.card.blocks.find((b) => b.type === "fields")).toEqual({
      type: "fields", fields: [{ label: "单位", value: "元" }, { label: "负责人", value: "李娜" }, { label: "更新频率", value: "每日 06:00" }, { label: "标签", value: "销售" }],
    });
    const buttons = allButtons(a.card).filter((b) => b.kind === "action");
    expect(buttons).toEqual([expect.objectContaining({ action: "report.open", value: { report: "sales-by-city" } })]);
    expect(calls.some((c) => c.path.startsWith("/api/v1/users"))).toBe(false);
  });

  it("shows a metric without an owner as —", async () => {
    const { ctx, calls } = fakeApi();
    const a = await say(ctx, "指标 订单数");
    expect(a.card.blocks.find((b) => b.type === "fields")).toMatchObject({ fields: expect.arrayContaining([{ label: "负责人", value: "—" }]) });
    expect(calls.some((c) => c.path.startsWith("/api/v1/users"))).toBe(false);
  });

  it("lists several matches, and says when nothing matches", async () => {
    const { ctx } = fakeApi();
    const list = await say(ctx, "metric 订单");
    expect(list.kind).toBe("metric-list");
    expect(list.card.header.subtitle).toBe("找到 3 个");
    expect((list.card.blocks.find((b) => b.type === "table") as { rows: unknown[] }).rows).toHaveLength(3);
    const none = await say(ctx, "metric 库存周转");
    expect(none.card.header.title).toBe("没有找到与「库存周转」相关的指标");
  });
});
