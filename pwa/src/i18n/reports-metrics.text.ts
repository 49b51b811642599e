import type { Catalog } from "@ops/shared/i18n/catalog.ts";

/** The metric dictionary (/reports/metrics). Registered by pages/reports/texts.ts. */
export const reportsMetricsText: Catalog = {
  "zh-CN": {
    "reports.m.title": "指标字典",
    "reports.m.subtitle": "统一的指标名称、计算口径、来源和使用它的报表",
    "reports.m.new": "新建指标",
    "reports.m.empty": "没有匹配的指标",
    "reports.m.search_placeholder": "指标名、口径或标签",
    "reports.m.name": "标识",
    "reports.m.title_label": "名称",
    "reports.m.definition": "计算口径",
    "reports.m.field": "数据集字段",
    "reports.m.unit": "单位",
    "reports.m.refresh": "更新频率",
    "reports.m.tags": "标签",
    "reports.m.reports": "相关报表",
  },
  en: {
    "reports.m.title": "Metric dictionary",
    "reports.m.subtitle": "Shared metric names, business definitions, sources and the reports using them",
    "reports.m.new": "New metric",
    "reports.m.empty": "No matching metrics",
    "reports.m.search_placeholder": "Metric name, definition or tag",
    "reports.m.name": "Name",
    "reports.m.title_label": "Title",
    "reports.m.definition": "Business definition",
    "reports.m.field": "Dataset column",
    "reports.m.unit": "Unit",
    "reports.m.refresh": "Refresh",
    "reports.m.tags": "Tags",
    "reports.m.reports": "Reports using it",
  },
};
