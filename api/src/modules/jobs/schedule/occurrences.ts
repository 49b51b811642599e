import { Cron } from "croner";
import type { JobSchedule } from "@ops/shared/contracts/jobs.ts";

/**
 * When a schedule fires, computed with croner. Cron objects here are made paused and never get a
 * callback, so none of them arms a timer or keeps the process alive; the scheduler owns the one
 * timer. Cron patterns take 5 or 6 fields (seconds first) in an IANA timezone; day-of-month and
 * day-of-week are OR-ed as in Vixie cron.
 */
export const DEFAULT_TIMEZONE = "Asia/Shanghai";

/** croner accepts any string as a zone and only fails at nextRun(): check zones on save. */
export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

/** null when the pattern is valid and fires at least once; else the reason. */
export function cronProblem(pattern: string, timezone: string): string | null {
  let cron: Cron | undefined;
  try {
    cron = new Cron(pattern, { timezone, paused: true });
    return cron.nextRun() ? null : "jobs.cron_never_fires";
  } catch {
    return "jobs.cron_invalid";
  } finally {
    cron?.stop();
  }
}

/**
 * The occurrences strictly after `after`, at most `count` and not after `until`.
 * `anchor` is where a fixed rate counts from (the time the schedule was set). A fixed delay
 * answers one occurrence at most: the ones after it depend on when its run ends.
 */
export function occurrencesAfter(schedule: JobSchedule, after: Date, count: number, anchor: Date, until?: Date): Date[] {
  if (!schedule || count <= 0) return [];
  const out: Date[] = [];
  const within = (d: Date) => !until || d.getTime() <= until.getTime();
  if ("cron" in schedule) {
    const cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
    try {
      let from: Date = after;
      while (out.length < count) {
        const next = cron.nextRun(from);
        if (!next || !within(next)) break;
        out.push(next);
        from = next;
      }
    } finally {
      cron.stop();
    }
  } else if ("every_s" in schedule) {
    const step = schedule.every_s * 1000;
    const k = Math.max(0, Math.floor((after.getTime() - anchor.getTime()) / step) + 1);
    for (let i = 0; out.length < count; i++) {
      const next = new Date(anchor.getTime() + (k + i) * step);
      if (!within(next)) break;
      out.push(next);
    }
  } else if ("delay_s" in schedule) {
    // a fixed delay is known one step ahead only: the next is that long after the later of
    // `after` and `anchor` (the scheduler moves it to the end of the run in between)
    const next = new Date(Math.max(after.getTime(), anchor.getTime()) + schedule.delay_s * 1000);
    if (within(next)) out.push(next);
  } else {
    const at = new Date(schedule.at);
    if (at.getTime() > after.getTime() && within(at)) out.push(at);
  }
  return out;
}

export const isFixedDelay = (s: JobSchedule): s is { delay_s: number } => s !== null && "delay_s" in s;

export function nextOccurrence(schedule: JobSchedule, after: Date, anchor: Date): Date | null {
  return occurrencesAfter(schedule, after, 1, anchor)[0] ?? null;
}
