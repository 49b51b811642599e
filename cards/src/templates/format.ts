/** Formatting shared by templates. Times come in as ISO strings (never read from a clock here). */
import type { Locale } from "@ops/shared";

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** "2026-11-23 15:04" in the given zone; an unparsable value is shown as given rather than hidden. */
export function formatTime(iso: string | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** "1h 2m 3s" / "1小时2分3秒"; sub-second runs show milliseconds. */
export function formatDuration(ms: number | null | undefined, locale: Locale): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return locale === "en" ? `${Math.round(ms)} ms` : `${Math.round(ms)} 毫秒`;
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const units = locale === "en" ? ["h ", "m ", "s"] : ["小时", "分", "秒"];
  const out = [h ? `${h}${units[0]}` : "", h || m ? `${m}${units[1]}` : "", `${s}${units[2]}`].join("");
  return out.trim();
}

/** `key=value` pairs on one line, for parameters and labels. */
export function formatPairs(pairs: Record<string, string> | undefined): string {
  const entries = Object.entries(pairs ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(", ") : "—";
}

/** The trigger and timing fields a run card shows (a job run's, a flow run's), labelled in that card's words. */
export function runTimingFields(
  tr: (key: string) => string,
  run: { trigger: string; queuedAt?: string; startedAt?: string; finishedAt?: string; durationMs?: number; timeZone?: string },
  locale: Locale,
): { label: string; value: string }[] {
  const tz = run.timeZone;
  return [
    { label: tr("trigger"), value: run.trigger },
    run.startedAt ? { label: tr("started_at"), value: formatTime(run.startedAt, tz) } : { label: tr("queued_at"), value: formatTime(run.queuedAt, tz) },
    ...(run.finishedAt ? [{ label: tr("finished_at"), value: formatTime(run.finishedAt, tz) }] : []),
    ...(run.durationMs !== undefined ? [{ label: tr("duration"), value: formatDuration(run.durationMs, locale) }] : []),
  ];
}
