import { existsSync } from "node:fs";

/**
 * The CJK font the chart images use. resvg draws no text at all without a font that has the glyphs (Chinese titles
 * would silently vanish), so images name Debian's fonts-noto-cjk family in both echarts' textStyle and resvg.
 */
export const CHART_FONT_FAMILY = "Noto Sans CJK SC";

const CANDIDATES = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
  "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
];

let found: string[] | null = null;

/** The font files present on this machine (OPS_CHART_FONTS, comma-separated, wins). */
export function chartFontFiles(): string[] {
  if (found) return found;
  const fromEnv = (process.env.OPS_CHART_FONTS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  found = (fromEnv.length ? fromEnv : CANDIDATES).filter((f) => existsSync(f));
  return found;
}
