import { describe, expect, it } from "vitest";
import { grayBucket, grayMatches, normalizeGray } from "./gray.ts";

describe("gray rules", () => {
  it("a consumer's bucket is stable and spread over 0–99", () => {
    expect(grayBucket("billing-api")).toBe(grayBucket("billing-api"));
    const buckets = Array.from({ length: 2000 }, (_, i) => grayBucket(`svc-${i}`));
    expect(Math.min(...buckets)).toBe(0);
    expect(Math.max(...buckets)).toBe(99);
    // about a third of 2000 names fall under 30
    const under = buckets.filter((b) => b < 30).length;
    expect(under).toBeGreaterThan(500);
    expect(under).toBeLessThan(700);
  });

  it("matches by percent, name or label; raising the percent only adds consumers", () => {
    const names = Array.from({ length: 300 }, (_, i) => `app-${i}`);
    const at = (p: number) => new Set(names.filter((n) => grayMatches({ percent: p }, { name: n, labels: [] })));
    const ten = at(10);
    const fifty = at(50);
    for (const n of ten) expect(fifty.has(n)).toBe(true);
    expect(at(0).size).toBe(0);
    expect(at(100).size).toBe(names.length);
    expect(grayMatches({ consumers: ["a"] }, { name: "a", labels: [] })).toBe(true);
    expect(grayMatches({ consumers: ["a"] }, { name: "b", labels: [] })).toBe(false);
    expect(grayMatches({ labels: ["canary"] }, { name: "b", labels: ["x", "canary"] })).toBe(true);
    expect(grayMatches(null, { name: "b", labels: [] })).toBe(false);
  });

  it("a spec that names nobody is no gray release", () => {
    expect(normalizeGray({ percent: 0, consumers: [], labels: [] })).toBeNull();
    expect(normalizeGray({ labels: ["a", "a"] })).toEqual({ labels: ["a"] });
  });
});
