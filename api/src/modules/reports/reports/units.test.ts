import { describe, expect, it } from "vitest";
import type { Dataset } from "@ops/shared/contracts/reports.ts";
import type { DatasetRunner, QueryShape } from "../ports.ts";
import { createResultCache } from "./cache.ts";
import { kpiRanges, minuteIn, periodRange, presetRange, todayIn, yearEarlier } from "./dates.ts";
import { createOptions } from "./options.ts";
import { resolveParams } from "./params.ts";
import type { ReportDef } from "./store.ts";

const dataset = (over: Partial<Dataset> = {}): Dataset => ({
  id: "ds", name: "d", description: "", datasource_id: "src", mode: "sql", sql: "SELECT 1", builder: null,
  params: [{ name: "region", type: "string" }, { name: "from", type: "date" }, { name: "to", type: "date" }, { name: "tags", type: "string_list" }],
  columns: [{ name: "code", type: "string" }, { name: "name", type: "string" }, { name: "parent", type: "string" }],
  row_filters: [], created_by: null, created_at: "", updated_at: "", ...over,
});
const report = (over: Partial<ReportDef> = {}): ReportDef => ({
  id: "r", name: "r", title: "r", description: "", dataset_id: "ds", chart: { type: "table", series: [] }, format: {}, drill: null, cache_ttl_s: 0, roles: [],
  owner_id: null, created_at: "", updated_at: "", controls: [], ...over,
});

describe("report calendar", () => {
  it("reads today and the watermark minute in Asia/Shanghai, not UTC", () => {
    const lateUtc = new Date("2026-12-04T17:30:00Z"); // 01:30 on the 5th in Shanghai
    expect(todayIn("Asia/Shanghai", lateUtc)).toBe("2026-12-05");
    expect(todayIn("UTC", lateUtc)).toBe("2026-12-04");
    expect(minuteIn("Asia/Shanghai", lateUtc)).toBe("2026-12-05 01:30");
  });

  it("resolves presets to inclusive days", () => {
    const today = "2026-03-04"; // a Wednesday
    expect(presetRange("today", today)).toEqual(["2026-03-04", "2026-03-04"]);
    expect(presetRange("yesterday", today)).toEqual(["2026-03-03", "2026-03-03"]);
    expect(presetRange("last_7_days", today)).toEqual(["2026-02-26", "2026-03-04"]);
    expect(presetRange("this_week", today)).toEqual(["2026-03-02", "2026-03-04"]);
    expect(presetRange("last_month", today)).toEqual(["2026-02-01", "2026-02-28"]);
    expect(presetRange("this_quarter", "2026-05-20")).toEqual(["2026-04-01", "2026-05-20"]);
    expect(presetRange("this_year", today)).toEqual(["2026-01-01", "2026-03-04"]);
  });

  it("gives KPI periods as [start, end) and their comparisons", () => {
    expect(periodRange("month", "2026-01-15")).toEqual(["2026-01-01", "2026-02-01"]);
    expect(periodRange("month", "2026-01-01", -1)).toEqual(["2025-12-01", "2026-01-01"]);
    expect(periodRange("week", "2026-03-08")).toEqual(["2026-03-02", "2026-03-09"]);
    expect(periodRange("year", "2026-06-01", -1)).toEqual(["2025-01-01", "2026-01-01"]);
    expect(yearEarlier(periodRange("month", "2026-02-10"))).toEqual(["2025-02-01", "2025-03-01"]);
    // period to date against the same stretch before: a month just begun is not set against a whole one
    expect(kpiRanges("month", "previous_period", "2026-03-04")).toEqual({ current: ["2026-03-01", "2026-03-05"], previous: ["2026-02-01", "2026-02-05"] });
    expect(kpiRanges("month", "previous_period", "2026-03-31")).toEqual({ current: ["2026-03-01", "2026-04-01"], previous: ["2026-02-01", "2026-03-01"] });
    expect(kpiRanges("month", "previous_year", "2026-03-04")).toEqual({ current: ["2026-03-01", "2026-03-05"], previous: ["2025-03-01", "2025-03-05"] });
  });
});

describe("controls to parameters", () => {
  const r = report({
    controls: [
      { name: "area", label: "大区", type: "select", param: "region", default: "华东" },
      { name: "period", label: "日期", type: "daterange", params: ["from", "to"], default: "last_7_days" },
      { name: "tags", label: "标签", type: "multiselect", param: "tags", options: { static: [] } },
    ],
  });
  it("applies defaults and presets, fills both range parameters, splits lists", () => {
    expect(resolveParams(r, dataset(), { tags: "a,b" }, "2026-03-04")).toEqual({ region: "华东", from: "2026-02-26", to: "2026-03-04", tags: ["a", "b"] });
    expect(resolveParams(r, dataset(), { period: "2026-01-01,2026-01-31", region: "华南" }, "2026-03-04")).toMatchObject({ region: "华南", from: "2026-01-01", to: "2026-01-31" });
    expect(resolveParams(r, dataset(), { from: "2026-02-01", to: "2026-02-02" }, "2026-03-04")).toMatchObject({ from: "2026-02-01", to: "2026-02-02" });
  });
  it("refuses half a range naming the control", () => {
    expect(() => resolveParams(r, dataset(), { from: "2026-02-01" }, "2026-03-04")).toThrowError(expect.objectContaining({ errors: [expect.objectContaining({ field: "period" })] }));
  });
});

describe("control options", () => {
  it("builds tree options from parent_column at any depth", async () => {
    const rows = [
      { code: "cn", name: "中国", parent: null }, { code: "east", name: "华东", parent: "cn" }, { code: "sh", name: "上海", parent: "east" },
      { code: "pd", name: "浦东", parent: "sh" }, { code: "south", name: "华南", parent: "cn" },
    ];
    const shapes: QueryShape[] = [];
    const runner = {
      scopeOf: async () => ({ all: true, unmask: false, key: "all" }),
      run: async (_a: unknown, _d: unknown, _p: unknown, shape: QueryShape) => (shapes.push(shape), { columns: [], rows, truncated: false, ms: 0, columns_out: [] }),
      stream: async () => ({ rows: 0 }),
    } as unknown as DatasetRunner;
    const options = createOptions({ datasets: { get: async () => dataset() }, runner });
    const tree = report({ controls: [{ name: "area", label: "区域", type: "tree", param: "region", options: { dataset_id: "ds", value_column: "code", label_column: "name", parent_column: "parent" } }] });
    const got = await options.options({ kind: "system", reason: "t", locale: "zh-CN" }, tree, "area", {}, {});
    expect(got).toEqual([{ value: "cn", label: "中国", children: [
      { value: "east", label: "华东", children: [{ value: "sh", label: "上海", children: [{ value: "pd", label: "浦东" }] }] },
      { value: "south", label: "华南" },
    ] }]);
    expect(shapes[0]).toMatchObject({ kind: "rows", columns: ["code", "name", "parent"] });
    await expect(options.checkValues({ kind: "system", reason: "t", locale: "zh-CN" }, tree, { area: "pd" }, {})).resolves.toBeUndefined();
    await expect(options.checkValues({ kind: "system", reason: "t", locale: "zh-CN" }, tree, { area: "nowhere" }, {})).rejects.toMatchObject({ status: 400 });
  });
});

describe("result cache", () => {
  it("expires by TTL, drops the least recently used past its size, and forgets a report", () => {
    let now = 0;
    const cache = createResultCache<string>({ max: 2, now: () => now });
    cache.set("a", "r1", "A", 1000);
    cache.set("b", "r2", "B", 1000);
    expect(cache.get("a")).toBe("A");
    cache.set("c", "r2", "C", 1000);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["A", undefined, "C"]);
    cache.forget("r2");
    expect(cache.get("c")).toBeUndefined();
    now = 1000;
    expect(cache.get("a")).toBeUndefined();
  });
});
