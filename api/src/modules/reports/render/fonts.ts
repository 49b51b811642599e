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

/** The first set present on this machine. */
function installed(): FontSet {
  for (const set of SETS) {
    const files = set.files.filter((f) => existsSync(f));
    if (files.length) return { family: set.family, files };
  }
  return { family: "Noto Sans CJK SC", files: [] };
}

let fonts = installed();

/** OPS_CHART_FONTS (font files) and OPS_CHART_FONT_FAMILY, parsed by env.ts, win over the installed sets (system.ts). */
export function useChartFonts(files: readonly string[], family?: string) {
  if (!files.length) return;
  fonts = { family: family || "Noto Sans CJK SC", files: files.filter((f) => existsSync(f)) };
}

/** The family name echarts' text and resvg both use. */
export function chartFontFamily(): string {
  return fonts.family;
}

/** The font files present on this machine for chartFontFamily() (none: pictures draw no text). */
export function chartFontFiles(): string[] {
  return fonts.files;
}
