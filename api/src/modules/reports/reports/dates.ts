import type { DatePreset } from "@ops/shared/contracts/reports.ts";

/** Calendar dates as `YYYY-MM-DD` in a time zone: presets and KPI periods are days of the viewer's calendar, not instants. */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** `YYYY-MM-DD HH:mm` in the zone (watermarks). */
export function minuteIn(timeZone: string, now: Date): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const parse = (d: string) => { const [y, m, day] = d.split("-").map(Number); return new Date(Date.UTC(y!, m! - 1, day!)); };
const fmt = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (d: string, n: number) => { const x = parse(d); x.setUTCDate(x.getUTCDate() + n); return fmt(x); };
const addMonths = (d: string, n: number) => { const x = parse(d); return fmt(new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + n, 1))); };
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
/** Monday of the date's week (ISO weeks, as calendars in China count them). */
const weekStart = (d: string) => addDays(d, -((parse(d).getUTCDay() + 6) % 7));
const quarterStart = (d: string) => { const x = parse(d); return fmt(new Date(Date.UTC(x.getUTCFullYear(), Math.floor(x.getUTCMonth() / 3) * 3, 1))); };

/** A preset's [from, to], both days included, relative to `today`. */
export function presetRange(preset: DatePreset, today: string): [string, string] {
  switch (preset) {
    case "today": return [today, today];
    case "yesterday": return [addDays(today, -1), addDays(today, -1)];
    case "last_7_days": return [addDays(today, -6), today];
    case "last_30_days": return [addDays(today, -29), today];
    case "this_week": return [weekStart(today), today];
    case "this_month": return [monthStart(today), today];
    case "last_month": return [addMonths(today, -1), addDays(monthStart(today), -1)];
    case "this_quarter": return [quarterStart(today), today];
    case "this_year": return [`${today.slice(0, 4)}-01-01`, today];
  }
}

export type Period = "day" | "week" | "month" | "year";

/** The period holding `day`, shifted by `shift` periods: [start, end) with the end excluded. */
export function periodRange(period: Period, day: string, shift = 0): [string, string] {
  switch (period) {
    case "day": return [addDays(day, shift), addDays(day, shift + 1)];
    case "week": { const s = addDays(weekStart(day), 7 * shift); return [s, addDays(s, 7)]; }
    case "month": return [addMonths(day, shift), addMonths(day, shift + 1)];
    case "year": { const y = Number(day.slice(0, 4)) + shift; return [`${y}-01-01`, `${y + 1}-01-01`]; }
  }
}

/** The same period one year earlier (previous_year comparisons). */
export function yearEarlier(range: [string, string]): [string, string] {
  const back = (d: string) => { const x = parse(d); return fmt(new Date(Date.UTC(x.getUTCFullYear() - 1, x.getUTCMonth(), x.getUTCDate()))); };
  return [back(range[0]), back(range[1])];
}

const daysBetween = (a: string, b: string) => Math.round((parse(b).getTime() - parse(a).getTime()) / 86_400_000);

/**
 * Period to date against the same stretch of the compared period: this month's first 4 days against last month's first
 * 4 (or last year's), so a month just begun is not set against a whole one. [start, end) with the end excluded.
 */
export function kpiRanges(period: Period, compare: "previous_period" | "previous_year", today: string): { current: [string, string]; previous: [string, string] } {
  const whole = periodRange(period, today);
  const current: [string, string] = [whole[0], addDays(today, 1) < whole[1] ? addDays(today, 1) : whole[1]];
  const span = daysBetween(current[0], current[1]);
  const before = compare === "previous_year" ? yearEarlier(whole) : periodRange(period, whole[0], -1);
  const end = addDays(before[0], span);
  return { current, previous: [before[0], end < before[1] ? end : before[1]] };
}
