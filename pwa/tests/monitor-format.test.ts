/** The monitor pages' pure helpers: values with their units, windows, series alignment, node order, drill queries. */
import { describe, expect, it } from "vitest";
import { formatBytes, formatMetric, formatMs, formatUptime, rangeKey, refreshSeconds, windowOf } from "../src/pages/monitor/monitor-format.ts";
import { alignSeries, drillQuery, sortNodes } from "../src/pages/monitor/monitor-model.ts";
import type { NodeInfo } from "../src/pages/monitor/monitor-api.ts";
import { NODE_ROLES, NODE_STATUSES, SERIES_AGGS, SLOW_QUERY_SOURCES } from "@ops/shared/contracts/monitor.ts";
import { translate } from "../src/i18n/index.ts";
import "../src/pages/monitor/texts.ts";

describe("monitor formatting", () => {
  it("formats each unit", () => {
    expect(formatMetric(12.5, "percent", "en")).toBe("12.5 %");
    expect(formatMetric(0.125, "ratio", "en")).toBe("12.5 %");
    expect(formatMetric(0.25, "seconds", "en")).toBe("250 ms");
    expect(formatMetric(2.5, "seconds", "en")).toBe("2.5 s");
    expect(formatMetric(1536, "bytes", "en")).toBe("1.5 KB");
    expect(formatMetric(3, "per_second", "en")).toBe("3/s");
    expect(formatMetric(12345, "count", "zh-CN")).toBe("12,345");
    expect(formatMetric(null, "count", "en")).toBe("—");
    expect(formatBytes(150 * 1024 * 1024, "en")).toBe("150 MB");
    expect(formatMs(4321, "en")).toBe("4.32 s");
    expect(formatMs(90_000, "en")).toBe("1.5 min");
    expect(formatUptime(3 * 86_400 + 4 * 3600)).toBe("3 d 4 h");
    expect(formatUptime(42)).toBe("42 s");
  });

  it("reads range and refresh from the URL with safe defaults", () => {
    expect(rangeKey("7d")).toBe("7d");
    expect(rangeKey("2y")).toBe("1h");
    expect(refreshSeconds("30")).toBe(30);
    expect(refreshSeconds("5")).toBe(0);
    const w = windowOf("6h", new Date("2026-12-04T12:00:00Z"));
    expect(w).toEqual({ from: "2026-12-04T06:00:00.000Z", to: "2026-12-04T12:00:00.000Z" });
  });

  it("aligns lines that miss each other's points on one time axis", () => {
    const f = alignSeries([
      { name: "a", points: [{ t: "2026-12-04T12:00:00Z", v: 1 }, { t: "2026-12-04T12:02:00Z", v: 3 }] },
      { name: "b", points: [{ t: "2026-12-04T12:01:00Z", v: 2 }] },
    ]);
    expect(f.times.length).toBe(3);
    expect(f.lines.map((l) => l.values)).toEqual([[1, null, 3], [null, 2, null]]);
  });

  it("puts silent nodes first, then draining, up and the ones gone", () => {
    const n = (id: string, status: NodeInfo["status"]) => ({ id, host: id, status }) as NodeInfo;
    expect(sortNodes([n("a", "up"), n("b", "stopped"), n("c", "silent"), n("d", "draining")]).map((x) => x.id)).toEqual(["c", "d", "a", "b"]);
  });

  it("turns a card's drill into a series request", () => {
    expect(drillQuery("metric=api.error_rate&agg=value&route=%2Fapi%2Fv1%2Fjobs")).toEqual({ metric: "api.error_rate", agg: "value", filters: { route: "/api/v1/jobs" } });
  });

  it("has both languages for the keys the pages build from values", () => {
    const built = [
      ...["1h", "6h", "24h", "7d", "30d"].map((r) => `monitor.range_${r}`),
      ...["0", "30", "60"].map((r) => `monitor.refresh_${r}`),
      ...SERIES_AGGS.map((a) => `monitor.agg_${a}`),
      ...NODE_ROLES.map((r) => `monitor.n.role_${r}`),
      ...NODE_STATUSES.map((st) => `monitor.n.status_${st}`),
      ...SLOW_QUERY_SOURCES.map((src) => `monitor.q.source_${src}`),
      ...["total_ms", "avg_ms", "max_ms", "count"].map((k) => `monitor.q.sort_${k}`),
    ];
    expect(built.filter((k) => translate("zh-CN", k) === k || translate("en", k) === k)).toEqual([]);
  });
});
