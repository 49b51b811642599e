import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import type { Report, ReportData } from "@ops/shared/contracts/reports.ts";
import { chartFontFamily, chartFontFiles, optionToSvg, reportPng } from "./index.ts";

/** Pixels darker than light grey in an RGBA buffer. */
function inked(svg: string, fontFiles: string[]): number {
  const image = new Resvg(svg, { background: "#ffffff", font: { fontFiles, loadSystemFonts: false, defaultFontFamily: chartFontFamily() } }).render();
  const px = image.pixels;
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i]! < 160 && px[i + 1]! < 160 && px[i + 2]! < 160) dark++;
  return dark;
}

const svg = await optionToSvg({
  animation: false, backgroundColor: "#ffffff", textStyle: { fontFamily: chartFontFamily() },
  title: { text: "华东销售额月报", left: 10, top: 10, textStyle: { fontFamily: chartFontFamily(), fontSize: 40, color: "#000" } },
}, { width: 400, height: 100 });

describe("chart images: echarts SSR to SVG, resvg to PNG with the CJK font", () => {

  it("finds a CJK font (Debian fonts-droid-fallback with fonts-dejavu-core, else fonts-noto-cjk)", () => {
    expect(chartFontFiles().length).toBeGreaterThan(0);
  });

  it("draws the glyphs of a Chinese title, which vanish without a CJK font", () => {
    expect(svg).toContain("华东销售额月报");
    const withFont = inked(svg, chartFontFiles());
    const withoutFont = inked(svg, []);
    // seven 40 px glyphs cover thousands of pixels; with no font resvg silently draws nothing
    expect(withoutFont).toBe(0);
    expect(withFont).toBeGreaterThan(2000);
  });
  it("draws a picture once while its inputs are the same: another viewer's rows or watermark is another picture", async () => {
    const report = { id: "r1", name: "sales", title: "华东销售额", chart: { type: "bar", x: "city", series: [{ column: "amount", label: "销售额" }] } } as unknown as Report;
    const dataOf = (amount: number) => ({ columns: [{ name: "city", label: "城市", type: "text" }, { name: "amount", label: "销售额", type: "number" }], rows: [{ city: "上海", amount }], params: {} }) as unknown as ReportData;
    const text = { title: "华东销售额", watermark: "导出人 李娜 (lina) 导出时间 2026-12-04 20:15" };
    const first = await reportPng(report, dataOf(1), text, { width: 200, height: 120 });
    expect(Buffer.from(first.subarray(1, 4)).toString()).toBe("PNG");
    expect(await reportPng(report, dataOf(1), { ...text }, { width: 200, height: 120 })).toBe(first);
    expect(await reportPng(report, dataOf(2), text, { width: 200, height: 120 })).not.toBe(first);
    expect(await reportPng(report, dataOf(1), { ...text, watermark: "导出人 张伟 (zhangwei) 导出时间 2026-12-04 20:15" }, { width: 200, height: 120 })).not.toBe(first);
  });
});
