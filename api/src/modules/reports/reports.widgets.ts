import { hasPermission } from "@ops/shared";
import type { ReportData } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../platform/db/db.ts";
import type { WidgetDefinition, WidgetItemInput } from "../workbench/index.ts";
import type { ReportReader } from "./ports.ts";
import { REPORTS_VIEW } from "./reports.deps.ts";

const SHOWN = 5;

const formatValue = (v: number | null) => (v === null ? "—" : v.toLocaleString("zh-CN", { maximumFractionDigits: 2 }));

/** The headline number of a KPI or gauge answer: its KPI value, else the first measure of its one row. */
function headline(data: ReportData): { value: number | null; delta: number | null } {
  if (data.kpi) return { value: data.kpi.value, delta: data.kpi.delta_pct };
  const first = data.columns[0]?.name;
  const raw = first ? data.rows[0]?.[first] : null;
  return { value: raw === null || raw === undefined || Number.isNaN(Number(raw)) ? null : Number(raw), delta: null };
}

/**
 * Home workbench widget `reports.kpis`: the reader's favourite KPI and gauge reports, each with its value and its change
 * against the previous period, read through the ReportReader as the reader (their row filters apply).
 */
export function reportsWidgets(db: Db, reader: ReportReader): WidgetDefinition[] {
  const kpis: WidgetDefinition = {
    id: "reports.kpis",
    kind: "feed",
    title: "reports.widget.kpis",
    permission: REPORTS_VIEW,
    order: 70,
    empty: { text: "reports.widget.kpis_empty", action: { label: "reports.widget.open_reports", href: "/reports" } },
    async load({ actor, locale }) {
      if (!hasPermission(actor, REPORTS_VIEW)) return { count: 0, items: [] };
      const favourites = await db.all<{ id: string; name: string; title: string; chart: string }>(
        "SELECT r.id, r.name, r.title, r.chart FROM report_favourites f JOIN reports r ON r.id = f.report_id WHERE f.user_id = ? ORDER BY f.created_at, r.name",
        [actor.userId],
      );
      const kpiReports = favourites.filter((r) => ["kpi", "gauge"].includes((JSON.parse(r.chart) as { type: string }).type));
      const items: WidgetItemInput[] = [];
      for (const r of kpiReports.slice(0, SHOWN)) {
        try {
          const data = await reader.data(actor, r.id, {});
          const { value, delta } = headline(data);
          const change = delta === null ? "" : ` · ${delta >= 0 ? "▲" : "▼"} ${Math.abs(delta)}%`;
          items.push({ title: r.title, subtitle: `${formatValue(value)}${change}`, href: `/reports/${r.name}`, at: data.generated_at, tone: delta === null ? null : delta >= 0 ? "success" : "warning" });
        } catch {
          // a report this reader can no longer open (roles changed) or whose source is down shows as unavailable
          items.push({ title: r.title, subtitle: locale === "en" ? "Unavailable" : "暂不可用", href: `/reports/${r.name}`, at: null, tone: "danger" });
        }
      }
      return { count: kpiReports.length, items, more: kpiReports.length > SHOWN ? { label: "reports.widget.open_reports", href: "/reports?favourites=1" } : null };
    },
  };
  return [kpis];
}
