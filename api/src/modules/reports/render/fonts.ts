import { existsSync } from "node:fs";

/**
 * The CJK font the chart images use. resvg draws no text at all without a font that has the glyphs (Chinese titles
 * would silently vanish), so images name one family in both echarts' textStyle and resvg.
 *
 * resvg-js builds its font database on every render and re-reads the font for every text run, so the font's size is
 * most of a chart's cost: Noto Sans CJK (two 20 MB collections) takes ~40 ms per label, 0.4–2 s per chart; Droid Sans
 * Fallback (Debian fonts-droid-fallback, one 4 MB file, CJK and Latin) about a sixth of that. Handing resvg the bytes
 * instead (`fontBuffers`) is slower still (seconds), so the smaller file is the lever. Noto is the fallback.
 */
type FontSet = { family: string; files: string[] };

const SETS: FontSet[] = [
  // Droid Sans Fallback draws Latin letters and digits as boxes: DejaVu Sans (fonts-dejavu-core) is in the database for them
  { family: "Droid Sans Fallback", files: ["/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"] },
  { family: "Noto Sans CJK SC", files: ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"] },
  { family: "Noto Sans CJK SC", files: ["/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"] },
];

/** OPS_CHART_FONTS (comma-separated files) and OPS_CHART_FONT_FAMILY win; else the first set present here. */
function chosen(): FontSet {
  const fromEnv = (process.env.OPS_CHART_FONTS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (fromEnv.length) return { family: process.env.OPS_CHART_FONT_FAMILY || "Noto Sans CJK SC", files: fromEnv.filter((f) => existsSync(f)) };
  for (const set of SETS) {
    const files = set.files.filter((f) => existsSync(f));
    if (files.length) return { family: set.family, files };
  }
  return { family: "Noto Sans CJK SC", files: [] };
}

const FONTS = chosen();

export const CHART_FONT_FAMILY = FONTS.family;

/** The font files present on this machine for CHART_FONT_FAMILY (none: pictures draw no text). */
export function chartFontFiles(): string[] {
  return FONTS.files;
}
