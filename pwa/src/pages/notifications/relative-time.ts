import { createSignal, onCleanup } from "solid-js";
import { locale, tr } from "../../providers/i18n.ts";

/** "3 minutes ago" in the UI language; `now` ticks each minute so the list stays current. */
export function createNow(): () => number {
  const [now, setNow] = createSignal(Date.now());
  const id = setInterval(() => setNow(Date.now()), 60_000);
  onCleanup(() => clearInterval(id));
  return now;
}

const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["minute", 60], ["hour", 60], ["day", 24], ["week", 7], ["month", 4.35], ["year", 12],
];

export function relativeTime(value: string, now: number): string {
  const seconds = (new Date(value).getTime() - now) / 1000;
  if (Number.isNaN(seconds)) return value;
  if (Math.abs(seconds) < 60) return tr("notifications.just_now");
  const fmt = new Intl.RelativeTimeFormat(locale() === "en" ? "en" : "zh-CN", { numeric: "auto" });
  let amount = seconds / 60;
  for (let i = 1; i < STEPS.length; i++) {
    const [, size] = STEPS[i]!;
    if (Math.abs(amount) < size) return fmt.format(Math.round(amount), STEPS[i - 1]![0]);
    amount /= size;
  }
  return fmt.format(Math.round(amount), "year");
}
