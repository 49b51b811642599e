import type { Report, ReportData } from "@ops/shared/contracts/reports.ts";
import { chartOption, type ImageText } from "./chart-option.ts";
import { chartFontFamily, chartFontFiles } from "./fonts.ts";

export type ImageSize = { width: number; height: number };
export const DEFAULT_IMAGE_SIZE: ImageSize = { width: 960, height: 540 };

/** ECharts server-side rendering to an SVG string (no DOM, no animation). echarts is loaded on the first picture, not at start. */
export async function optionToSvg(option: Record<string, unknown>, size: ImageSize = DEFAULT_IMAGE_SIZE): Promise<string> {
  const echarts = await import("echarts");
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** SVG to PNG through resvg with the CJK fonts (no system font scan: the same fonts on every machine). */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    background: "#ffffff",
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: chartFontFamily(), sansSerifFamily: chartFontFamily() },
  });
  return new Uint8Array(resvg.render().asPng());
}

/**
 * Rendered pictures for a short while, keyed by a hash of the echarts option and size: the option holds everything
 * drawn (the report's chart and rows as this viewer's scope and parameters gave them, title, watermark), so an equal
 * key is an equal picture and nothing can be served to a viewer it was not drawn for. (Not the SVG: echarts numbers
 * its ids and classes per chart, so two SVGs of one picture differ.) Repeats within the TTL (a digest's retry, the
 * PNG and the PDF of one export, a recipient asked twice in the same minute) skip echarts and resvg.
 */
const PNG_TTL_MS = 5 * 60_000;
const PNG_CACHE_MAX = 64;
const rendered = new Map<string, { png: Uint8Array; until: number }>();

/** A report's picture as PNG: its chart (or first rows) with title, parameters and watermark. */
export async function reportPng(report: Report, data: ReportData, text: ImageText, size: ImageSize = DEFAULT_IMAGE_SIZE): Promise<Uint8Array> {
  const option = chartOption(report, data, text, size);
  const key = new Bun.CryptoHasher("sha256").update(`${size.width}x${size.height} ${JSON.stringify(option)}`).digest("base64");
  const now = Date.now();
  const hit = rendered.get(key);
  if (hit && hit.until > now) return hit.png;
  const png = await svgToPng(await optionToSvg(option, size));
  for (const [k, v] of rendered) if (v.until <= now || rendered.size >= PNG_CACHE_MAX) rendered.delete(k);
  rendered.set(key, { png, until: now + PNG_TTL_MS });
  return png;
}
