import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportDigestData } from "@ops/cards";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { DELIVERY_QUEUE } from "../exports/index.ts";
import { formatCell, formatNumber } from "./number-format.ts";

const EAST = ["上海", "杭州", "南京"];
const DAY = /\d{4}-\d{2}-\d{2}/.source;
const YUAN = /^¥\d{1,3}(,\d{3})*\.\d{2}$/;

describe("digest number formatting (pure)", () => {
  it("follows the column's format, else at most 2 decimals with thousands separators", () => {
    expect(formatNumber(536231.6900000001, undefined, "zh-CN")).toBe("536,231.69");
    expect(formatNumber(536231.6900000001, { kind: "currency", currency: "CNY", decimals: 2, thousands: true }, "zh-CN")).toBe("¥536,231.69");
    expect(formatNumber(1234.5, { kind: "currency", currency: "USD" }, "en")).toBe("$1,234.50");
    expect(formatNumber(0.12345, { kind: "percent", decimals: 1 }, "zh-CN")).toBe("12.3%");
    expect(formatNumber(0.5, { kind: "percent" }, "en")).toBe("50%");
    expect(formatNumber(1234567.891, { kind: "number", decimals: 0, thousands: false }, "en")).toBe("1234568");
    expect(formatNumber(42, { kind: "number", decimals: 2 }, "en")).toBe("42.00");
    expect(formatCell("1234.5000001", undefined, "en", true)).toBe("1,234.5");
    expect(formatCell("0012", { kind: "text" }, "en", true)).toBe("0012");
    expect(formatCell(null, undefined, "en", true)).toBe("");
    expect(formatCell("上海", undefined, "zh-CN", false)).toBe("上海");
  });
});

describe.each(ENGINES)("report digests: numbers, period, period options, signed xlsx link (%s)", (engine) => {
  let s: TestSystem;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const api = (who: string, method: string, path: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: tokens[who]!, body });
  const digest = async (who: string, report: string, query: string) => {
    const r = await api(who, "GET", `/reports/${report}/digest?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data.card as ReportDigestData;
  };
  const citiesOf = async (res: Response) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0]!;
    const cityCol = (sheet.getRow(2).values as string[]).indexOf("城市");
    const cities = new Set<string>();
    sheet.eachRow((row, n) => void (n > 2 && cities.add(String(row.getCell(cityCol).value))));
    return { watermark: String(sheet.getRow(1).getCell(1).value), cities };
  };

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "reports"] });
    for (const u of ["zhangwei", "lina"]) tokens[u] = await s.login(u);
    for (const u of await s.system.db.all<{ id: string; username: string }>("SELECT id, username FROM users WHERE username IN ('lina', 'zhangwei')")) ids[u.username] = u.id;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it("formats KPIs, totals and cells with the report's format; the period reads as dates and control labels", async () => {
    const card = await digest("zhangwei", "sales-by-city", `period=last_7_days&region=${encodeURIComponent("华东")}`);
    expect(card.period).toMatch(new RegExp(`^${DAY} ~ ${DAY} · 大区 华东$`));
    expect(card.metrics.map((m) => m.label)).toEqual(["成交额", "订单数"]);
    expect(card.metrics[0]!.value).toMatch(YUAN);
    expect(card.metrics[1]!.value).toMatch(/^\d{1,3}(,\d{3})*$/);
    expect(card.table!.rows.length).toBeGreaterThan(0);
    for (const row of card.table!.rows) expect(row.amount).toMatch(YUAN);
    expect(new Set(card.table!.rows.map((r) => r.city))).toEqual(new Set(EAST));
    // no raw float anywhere on the card
    expect(JSON.stringify({ ...card, generatedAt: "", chartUrl: "", xlsxUrl: "", link: "" })).not.toMatch(/\d\.\d{3,}/);

    const kpi = await digest("lina", "sales-kpi", "");
    expect(kpi.metrics[0]!.value).toMatch(YUAN);
    expect(kpi.periods).toBeUndefined();
  });

  it("offers the date range's presets with the one used chosen and the control values kept; explicit dates are an option of their own", async () => {
    const card = await digest("lina", "sales-by-city", "period=last_7_days");
    expect(card.periods!.slice(0, 2)).toEqual([{ label: "近 7 天", value: "period=last_7_days" }, { label: "近 30 天", value: "period=last_30_days" }]);
    expect(card.selectedPeriod).toBe("period=last_7_days");
    expect(card.params).toEqual({ period: "last_7_days" });
    // the report's default when none is given
    expect((await digest("lina", "sales-by-city", "")).selectedPeriod).toBe("period=last_30_days");

    const dates = await digest("lina", "sales-by-city", "from=2026-11-01&to=2026-11-30");
    expect(dates.period).toBe("2026-11-01 ~ 2026-11-30");
    expect(dates.periods![0]).toEqual({ label: "2026-11-01 ~ 2026-11-30", value: "period=2026-11-01..2026-11-30" });
    expect(dates.selectedPeriod).toBe("period=2026-11-01..2026-11-30");
    // that option's value runs the same dates again
    expect((await digest("lina", "sales-by-city", "period=2026-11-01..2026-11-30")).period).toBe("2026-11-01 ~ 2026-11-30");

    // in the viewer's language
    await s.system.db.run("UPDATE users SET locale = 'en' WHERE id = ?", [ids.zhangwei]);
    tokens.zhangwei = await s.login("zhangwei");
    const english = await digest("zhangwei", "sales-by-city", "period=last_7_days");
    await s.system.db.run("UPDATE users SET locale = 'zh-CN' WHERE id = ?", [ids.zhangwei]);
    tokens.zhangwei = await s.login("zhangwei");
    expect(english.periods![0]!.label).toBe("Last 7 days");
    expect(english.metrics[0]!.value).toMatch(/^CN¥\d{1,3}(,\d{3})*\.\d{2}$/);
  });

  it("signs an xlsx link written as its recipient when opened: lina's rows only; edited, expired or a departed recipient's links are refused", async () => {
    const card = await digest("lina", "sales-by-city", "period=last_30_days");
    expect(card.xlsxUrl).toMatch(/^\/api\/v1\/report-digest-files\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\.xlsx$/);
    const res = await s.system.app.request(card.xlsxUrl!);
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]);
    const file = await citiesOf(res);
    expect(file.watermark).toContain("李娜");
    expect(file.cities).toEqual(new Set(EAST));
    const audit = await s.system.db.get<{ resource_id: string }>("SELECT resource_id FROM audit_logs WHERE module = 'reports' AND action = 'digest_files.get'");
    expect(audit?.resource_id).toBe((await s.system.db.get<{ id: string }>("SELECT id FROM reports WHERE name = 'sales-by-city'"))!.id);

    // the grant edited to name zhangwei (all regions) keeps lina's signature: refused
    const [, body, sig] = /\/([^/.]+)\.([^/.]+)\.xlsx$/.exec(card.xlsxUrl!)!;
    const grant = JSON.parse(Buffer.from(body!, "base64url").toString("utf8")) as { userId: string; params: Record<string, string> };
    expect(grant.userId).toBe(ids.lina);
    // the dates are pinned: the file a week later still covers the digest's days
    expect(grant.params.from).toMatch(new RegExp(`^${DAY}$`));
    const forged = Buffer.from(JSON.stringify({ ...grant, userId: ids.zhangwei })).toString("base64url");
    expect((await s.system.app.request(`/api/v1/report-digest-files/${forged}.${sig}.xlsx`)).status).toBe(403);
    expect((await s.system.app.request("/api/v1/report-digest-files/nonsense.xlsx")).status).toBe(403);

    await s.system.db.run("UPDATE users SET status = 'disabled' WHERE id = ?", [ids.lina]);
    const gone = await s.system.app.request(card.xlsxUrl!);
    await s.system.db.run("UPDATE users SET status = 'active' WHERE id = ?", [ids.lina]);
    expect(gone.status).toBe(403);

    s.clock.advance(8 * 86_400_000);
    const expired = await s.system.app.request(card.xlsxUrl!);
    s.clock.advance(-8 * 86_400_000);
    expect(expired.status).toBe(403);
  });

  it("pushed digests carry the period options, the values they were run with and (attach_xlsx) the xlsx link", async () => {
    const make = async (name: string, attach: boolean) => {
      const r = await api("zhangwei", "POST", "/report-subscriptions", {
        report_id: "sales-by-city", name, frequency: "daily", time: "08:00", time_zone: "Asia/Shanghai",
        params: { period: "last_7_days", region: "华东" }, recipients: [{ type: "user", id: "lina" }], channels: ["im"], attach_xlsx: attach,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect((await api("zhangwei", "POST", `/report-subscriptions/${r.body.data.id}/run`)).body.data.recipients).toBe(1);
      const job = await s.system.queue.reserve<{ runId: string }>(DELIVERY_QUEUE);
      await s.system.reports.delivery.subscriptions.deliver(job!.payload);
      await s.system.queue.complete(job!);
      const n = await s.system.db.get<{ data: string }>(
        "SELECT data FROM notifications WHERE user_id = ? AND type = 'reports.digest' AND data LIKE ?", [ids.lina, `%${r.body.data.id}%`],
      );
      return JSON.parse(n!.data) as ReportDigestData;
    };
    const pushed = await make("华东周报", true);
    expect(pushed.params).toEqual({ period: "last_7_days", region: "华东" });
    expect(pushed.selectedPeriod).toBe("period=last_7_days");
    expect(pushed.periods!.map((p) => p.value)).toContain("period=this_month");
    expect(pushed.period).toMatch(/ · 大区 华东$/);
    const res = await s.system.app.request(pushed.xlsxUrl!);
    expect(res.status).toBe(200);
    expect((await citiesOf(res)).cities).toEqual(new Set(EAST));
    expect((await make("不带附件", false)).xlsxUrl).toBeUndefined();
  });
});
