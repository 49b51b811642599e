import type { JobSchedule } from "../../data/jobs.ts";
import { formatTime, tr } from "../../providers/i18n.ts";

const pad = (s: string) => s.padStart(2, "0");
const isNum = (s: string) => /^\d+$/.test(s);

/**
 * A schedule in words: the common cron shapes (daily, weekly, monthly at a time, every N minutes
 * or hours) get a sentence; anything else shows the pattern itself. The zone is always named.
 */
export function scheduleText(s: JobSchedule): string {
  if (!s) return tr("jobs.schedule.none");
  if ("every_s" in s) return everyText(s.every_s);
  if ("delay_s" in s) return tr("jobs.schedule.delay_s", { n: s.delay_s });
  if ("at" in s) return tr("jobs.schedule.once", { time: formatTime(s.at) });
  return `${cronText(s.cron)} (${s.timezone})`;
}

function everyText(seconds: number): string {
  if (seconds % 3600 === 0) return tr("jobs.schedule.every_h", { n: seconds / 3600 });
  if (seconds % 60 === 0) return tr("jobs.schedule.every_m", { n: seconds / 60 });
  return tr("jobs.schedule.every_s", { n: seconds });
}

export function cronText(cron: string): string {
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5 && f.length !== 6) return cron;
  const [sec, min, hour, dom, mon, dow] = f.length === 6 ? f : ["0", ...f];
  if (mon !== "*" || sec === undefined || min === undefined || hour === undefined) return `cron ${cron}`;
  const step = /^\*\/(\d+)$/;
  if (sec === "0" && step.test(min!) && hour === "*" && dom === "*" && dow === "*") return tr("jobs.schedule.every_m", { n: step.exec(min!)![1] });
  if (sec === "0" && min === "0" && step.test(hour!) && dom === "*" && dow === "*") return tr("jobs.schedule.every_h", { n: step.exec(hour!)![1] });
  if (!isNum(sec) || !isNum(min!) || !isNum(hour!)) return `cron ${cron}`;
  const time = `${pad(hour!)}:${pad(min!)}${sec === "0" ? "" : `:${pad(sec)}`}`;
  if (dom === "*" && dow === "*") return tr("jobs.schedule.daily", { time });
  if (dom === "*" && isNum(dow!)) return tr("jobs.schedule.weekly", { day: tr(`jobs.weekday.${Number(dow) % 7}`), time });
  if (dom === "*" && dow === "1-5") return tr("jobs.schedule.weekdays", { time });
  if (isNum(dom!) && dow === "*") return tr("jobs.schedule.monthly", { day: dom, time });
  return `cron ${cron}`;
}
