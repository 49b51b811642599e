import { Cron } from "croner";
import type { SubscriptionFrequency } from "@ops/shared/contracts/reports.ts";

export type Schedule = { frequency: SubscriptionFrequency; time: string; day?: number | null; time_zone: string };

/** daily `m h * * *`, weekly on day 1 (Mon) … 7 (Sun), monthly on day 1 … 28 (every month has it). */
export function cronOf(s: Schedule): string {
  const [h, m] = s.time.split(":").map(Number) as [number, number];
  if (s.frequency === "weekly") return `${m} ${h} * * ${(s.day ?? 1) % 7}`;
  if (s.frequency === "monthly") return `${m} ${h} ${s.day ?? 1} * *`;
  return `${m} ${h} * * *`;
}

/** An IANA zone this runtime knows (croner accepts any and throws only when asked for a time). */
export function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first firing strictly after `from`, in the subscription's zone (DST handled by croner). */
export function nextRunOf(s: Schedule, from: Date): Date | null {
  const cron = new Cron(cronOf(s), { timezone: s.time_zone, paused: true });
  try {
    return cron.nextRun(from);
  } finally {
    cron.stop();
  }
}
