/** Chart images of reports on the server: echarts SSR → SVG → resvg PNG (CJK fonts), and a PDF around it. */
export { reportPng, optionToSvg, svgToPng, DEFAULT_IMAGE_SIZE, type ImageSize } from "./image.ts";
export { chartOption, IMAGE_TABLE_ROWS, type ImageText } from "./chart-option.ts";
export { pngToPdf } from "./pdf.ts";
export { chartFontFamily, chartFontFiles, useChartFonts } from "./fonts.ts";
