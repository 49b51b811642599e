import { describe, expect, it } from "vitest";
import { cell, instantMs, percentile, range, summarize } from "./stats.ts";

describe("bench stats", () => {
  it("takes nearest-rank percentiles and summaries", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ n: 5, p50: 3, p99: 5, max: 5 });
  });

  it("formats ranges and cells, and reads instants from text or Date", () => {
    expect(range([3.14159, 2.5, Number.NaN], 1)).toBe("2.5–3.1");
    expect(range([4, 4])).toBe("4");
    expect(range([])).toBe("n/a");
    expect(cell(12.345, 1, 7)).toBe("   12.3");
    expect(cell(Number.NaN, 1, 5)).toBe("  n/a");
    expect(instantMs("2026-12-03T09:00:00.250Z")).toBe(Date.UTC(2026, 11, 3, 9, 0, 0, 250));
    expect(instantMs(new Date(5))).toBe(5);
    expect(instantMs(null)).toBeNaN();
  });
});
