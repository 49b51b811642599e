import type { AlertLevel, AlertStatus, MetricUnit } from "./alerts-api.ts";
import { locale, tr } from "../../../providers/i18n.ts";

/** How alerts look: a level chip coloured by urgency, a status badge, numbers with their metric's unit. */
export const levelClass = (l: AlertLevel) => `lvl lvl--${l}`;

const STATUS_BADGE: Record<AlertStatus, string> = { firing: "badge--danger", acknowledged: "badge--warn", silenced: "badge--muted", resolved: "badge--ok" };
export const statusClass = (s: AlertStatus) => `badge ${STATUS_BADGE[s]}`;
export const statusName = (s: AlertStatus) => tr(`alerts.status.${s}`);

const num = (v: number, digits = 2) => v.toLocaleString(locale() === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: digits });

function bytes(v: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${num(v, 1)} ${units[i]}`;
}

/** `percent` values are already 0–100; `ratio` ones 0–1 are shown as percent too. */
export function formatValue(v: number | null | undefined, unit?: MetricUnit | null): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  switch (unit) {
    case "percent": return `${num(v)} %`;
    case "ratio": return `${num(v * 100)} %`;
    case "seconds": return `${num(v)} s`;
    case "ms": return `${num(v, 0)} ms`;
    case "bytes": return bytes(v);
    case "per_second": return `${num(v)} /s`;
    default: return num(v);
  }
}

/** A unit's suffix next to the threshold input (`ratio` thresholds are typed as 0–1). */
export const unitSuffix = (unit?: MetricUnit | null) => (unit ? tr(`alerts.unit.${unit}`) : "");

/** 90 → "1 分 30 秒"-ish short text for windows and cooldowns. */
export function formatSeconds(s: number): string {
  if (s % 86_400 === 0 && s >= 86_400) return tr("alerts.dur.d", { n: s / 86_400 });
  if (s % 3600 === 0 && s >= 3600) return tr("alerts.dur.h", { n: s / 3600 });
  if (s % 60 === 0 && s >= 60) return tr("alerts.dur.m", { n: s / 60 });
  return tr("alerts.dur.s", { n: s });
}

export const labelsText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(" ");

