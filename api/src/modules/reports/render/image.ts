import * as echarts from "echarts";
import { Resvg } from "@resvg/resvg-js";
import type { Report, ReportData } from "@ops/shared/contracts/reports.ts";
import { chartOption, type ImageText } from "./chart-option.ts";
import { CHART_FONT_FAMILY, chartFontFiles } from "./fonts.ts";

export type ImageSize = { width: number; height: number };
export const DEFAULT_IMAGE_SIZE: ImageSize = { width: 960, height: 540 };

/** ECharts server-side rendering to an SVG string (no DOM, no animation). */
export function optionToSvg(option: Record<string, unknown>, size: ImageSize = DEFAULT_IMAGE_SIZE): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** SVG to PNG through resvg with the CJK fonts (no system font scan: the same fonts on every machine). */
export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    background: "#ffffff",
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** A report's picture as PNG: its chart (or first rows) with title, parameters and watermark. */
export function reportPng(report: Report, data: ReportData, text: ImageText, size: ImageSize = DEFAULT_IMAGE_SIZE): Uint8Array {
  return svgToPng(optionToSvg(chartOption(report, data, text, size), size));
}
