import { locale } from "../../providers/i18n.ts";

/** An instant as the wall clock of `timezone` shows it (fires are meant in the job's zone, not the browser's). */
export function formatInZone(iso: string, timezone: string | null): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleString(locale() === "en" ? "en-US" : "zh-CN", { hour12: false, timeZone: timezone ?? undefined, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  } catch {
    return d.toLocaleString();
  }
}
