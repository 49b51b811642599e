import type { Db } from "../../../platform/db/db.ts";
import type { WidgetDefinition } from "../../workbench/index.ts";
import { MONITOR_VIEW } from "../monitor.deps.ts";

const SHOWN = 5;
const STATUS_TEXT: Record<string, { "zh-CN": string; en: string }> = {
  firing: { "zh-CN": "告警中", en: "firing" },
  acknowledged: { "zh-CN": "已认领", en: "acknowledged" },
  silenced: { "zh-CN": "已静默", en: "silenced" },
};

/** Home workbench widget `monitor.alerts`: open alerts, the most urgent first (level, then unacknowledged, then newest). */
export function alertsWidgets(db: Db): WidgetDefinition[] {
  const open: WidgetDefinition = {
    id: "monitor.alerts",
    kind: "notices",
    title: "monitor.alerts.widget_title",
    permission: MONITOR_VIEW,
    order: 5,
    empty: { text: "monitor.alerts.widget_empty" },
    async load({ locale }) {
      const rows = await db.all<{ id: string; title: string; level: string; status: string; fired_at: string; occurrences: number | string }>(
        `SELECT id, title, level, status, fired_at, occurrences FROM alerts WHERE open_fingerprint IS NOT NULL
          ORDER BY level, CASE status WHEN 'firing' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, fired_at DESC, id LIMIT ${SHOWN}`,
      );
      const total = Number((await db.get<{ n: number | string }>("SELECT COUNT(*) AS n FROM alerts WHERE open_fingerprint IS NOT NULL"))?.n ?? 0);
      const items = rows.map((a) => ({
        title: `[${a.level}] ${a.title}`,
        subtitle: `${STATUS_TEXT[a.status]?.[locale] ?? a.status} · ×${Number(a.occurrences)}`,
        href: `/monitor/alerts/${a.id}`,
        at: a.fired_at,
        tone: a.status !== "firing" ? ("info" as const) : a.level === "P0" || a.level === "P1" ? ("danger" as const) : ("warning" as const),
      }));
      return { count: total, items, more: total > SHOWN ? { label: "monitor.alerts.widget_open", href: "/monitor/alerts?status=open" } : null };
    },
  };
  return [open];
}
