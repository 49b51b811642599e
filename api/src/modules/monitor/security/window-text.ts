import type { Locale } from "@ops/shared";

/** A rule's window in words for an alert's summary: "10 分钟" / "10 min", "1 小时" / "1 h", "45 秒" / "45 s". */
export function windowText(locale: Locale, seconds: number): string {
  const zh = locale === "zh-CN";
  if (seconds % 3600 === 0) return `${seconds / 3600} ${zh ? "小时" : "h"}`;
  if (seconds % 60 === 0) return `${seconds / 60} ${zh ? "分钟" : "min"}`;
  return `${seconds} ${zh ? "秒" : "s"}`;
}
