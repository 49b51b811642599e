import { describe, expect, it } from "vitest";
import { allButtons, type Card } from "../card.ts";
import { missingKeys } from "../i18n.ts";
import { problems, renderEverywhere, TARGETS } from "../testing/render-all.ts";
import { encodeReportParams, reportDigestCard, reportDigestText, type ReportDigestData } from "./report-digest.ts";

const base: ReportDigestData = {
  reportId: "rpt_1", name: "城市销售", period: "2026-11-01 ~ 2026-11-30", generatedAt: "2026-12-04T08:30:00Z", timeZone: "Asia/Shanghai",
  metrics: [
    { label: "成交额", value: "¥1,234,567", delta: "+12.5%", trend: "up" },
    { label: "订单数", value: "9,812", delta: "-3.1%", trend: "down" },
    { label: "客单价", value: "¥125.8", delta: "0%", trend: "flat" },
    { label: "城市数", value: "12" },
  ],
  chartUrl: "https://ops.example.com/api/v1/report-images/tok.png",
  table: { columns: [{ key: "city", label: "城市" }, { key: "amount", label: "成交额", align: "right" }], rows: [{ city: "上海", amount: "520,000" }, { city: "杭州", amount: "310,000" }] },
  periods: [{ label: "近 7 天", value: "date=last_7_days" }, { label: "本月", value: "date=this_month" }],
  selectedPeriod: "date=this_month",
  params: { region: "华东" },
  link: "https://ops.example.com/reports/rpt_1?region=%E5%8D%8E%E4%B8%9C",
  xlsxUrl: "https://ops.example.com/api/v1/report-exports/x/download",
};
const fieldsOf = (card: Card) => (card.blocks.find((b) => b.type === "fields") as { fields: Array<{ label: string; value: string }> }).fields;

describe("report-digest card", () => {
  it("shows KPIs with arrows coloured the Chinese way (a rise red, a fall green), or the other way when asked", () => {
    expect(fieldsOf(reportDigestCard(base))).toEqual([
      { label: "成交额", value: "¥1,234,567（🔴↑ +12.5%）" },
      { label: "订单数", value: "9,812（🟢↓ -3.1%）" },
      { label: "客单价", value: "¥125.8（⚪→ 0%）" },
      { label: "城市数", value: "12" },
    ]);
    const western = fieldsOf(reportDigestCard({ ...base, trendColours: "green_up" }, "en"));
    expect(western[0]!.value).toBe("¥1,234,567 (🟢↑ +12.5%)");
    expect(western[1]!.value).toBe("9,812 (🔴↓ -3.1%)");
  });

  it("carries the chart, the table, the chosen period, the re-run with its control values, and the links", () => {
    const card = reportDigestCard(base);
    expect(card.blocks.find((b) => b.type === "image")).toEqual({ type: "image", url: base.chartUrl, alt: "城市销售 趋势图" });
    expect(card.blocks.find((b) => b.type === "table")).toMatchObject({ rows: base.table!.rows });
    expect(card.blocks.find((b) => b.type === "select")).toMatchObject({ name: "period", initial: "date=this_month" });
    expect(allButtons(card)).toEqual([
      { kind: "action", text: "重新生成", action: "report.run", value: { report_id: "rpt_1", params: "region=%E5%8D%8E%E4%B8%9C" }, style: "primary" },
      { kind: "link", text: "打开报表", url: base.link },
      { kind: "link", text: "查看图表", url: base.chartUrl },
      { kind: "link", text: "下载 Excel", url: base.xlsxUrl },
    ]);
    // without periods there is nothing to re-run for; without a chart or xlsx, no links to them
    const bare = reportDigestCard({ ...base, periods: undefined, chartUrl: undefined, xlsxUrl: undefined, params: undefined }, "en");
    expect(allButtons(bare).map((b) => b.text)).toEqual(["Open report"]);
    expect(bare.blocks.some((b) => b.type === "select" || b.type === "image")).toBe(false);
  });

  it("says there is no data only when there are neither headline numbers nor rows", () => {
    const said = (d: ReportDigestData) => JSON.stringify(reportDigestCard(d)).includes("本期没有数据");
    expect(said({ ...base, metrics: [] })).toBe(false);
    expect(said({ ...base, metrics: [], table: { columns: base.table!.columns, rows: [] } })).toBe(true);
  });

  it("keeps the re-run button's values small enough for every platform", () => {
    const long = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, "华东".repeat(10)]));
    expect(new TextEncoder().encode(encodeReportParams(long)).length).toBeLessThanOrEqual(600);
    expect(encodeReportParams({ a: "1", b: "x y" })).toBe("a=1&b=x+y");
  });

  it("renders within every platform's limits, also with many KPIs and a wide table", () => {
    const big: ReportDigestData = {
      ...base,
      params: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, "华东".repeat(10)])),
      metrics: Array.from({ length: 30 }, (_, i) => ({ label: `指标 ${i}`, value: "1,234,567.89", delta: "+1.5%", trend: "up" as const })),
      table: {
        columns: Array.from({ length: 12 }, (_, i) => ({ key: `c${i}`, label: `列 ${i}` })),
        rows: Array.from({ length: 10 }, () => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`c${i}`, "数".repeat(80)]))),
      },
      periods: Array.from({ length: 9 }, (_, i) => ({ label: `周期 ${i}`, value: `date=p${i}` })),
    };
    for (const data of [base, big])
      for (const locale of ["zh-CN", "en"] as const) {
        const found = problems(renderEverywhere(reportDigestCard(data, locale)));
        for (const target of TARGETS) expect(found[target], `${target} ${locale}`).toEqual([]);
      }
  });

  it("shows the chart as an image on Slack and as a markdown image on DingTalk", () => {
    const r = renderEverywhere(reportDigestCard(base));
    expect(JSON.stringify(r.slack.blocks)).toContain(`{"type":"image","image_url":"${base.chartUrl}"`);
    expect(JSON.stringify(r.dingtalkMessage)).toContain(`](${base.chartUrl})`);
  });

  it("is complete in zh-CN and en", () => {
    expect(missingKeys(reportDigestText)).toEqual([]);
  });
});
