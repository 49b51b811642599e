import type { Catalog } from "@ops/shared/i18n/catalog.ts";

/**
 * Reports words the shell itself needs (the menu entry, the home KPI widget). The reports pages' own
 * words load with their chunk (pages/reports/texts.ts), so the shell stays small.
 */
export const reportsText: Catalog = {
  "zh-CN": {
    "nav.reports": "报表",
    "reports.kpi_widget_empty": "收藏指标卡报表后，这里显示它们的数值",
  },
  en: {
    "nav.reports": "Reports",
    "reports.kpi_widget_empty": "Favourite KPI reports to see their values here",
  },
};
