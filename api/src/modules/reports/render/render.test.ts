import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { CHART_FONT_FAMILY, chartFontFiles, optionToSvg } from "./index.ts";

/** Pixels darker than light grey in an RGBA buffer. */
function inked(svg: string, fontFiles: string[]): number {
  const image = new Resvg(svg, { background: "#ffffff", font: { fontFiles, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY } }).render();
  const px = image.pixels;
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i]! < 160 && px[i + 1]! < 160 && px[i + 2]! < 160) dark++;
  return dark;
}

describe("chart images: echarts SSR to SVG, resvg to PNG with the CJK font", () => {
  const svg = optionToSvg({
    animation: false, backgroundColor: "#ffffff", textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: { text: "华东销售额月报", left: 10, top: 10, textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 40, color: "#000" } },
  }, { width: 400, height: 100 });

  it("finds the Noto Sans CJK fonts (Debian fonts-noto-cjk)", () => {
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
});
