import type { Catalog } from "@ops/shared/i18n/catalog.ts";

/**
 * Monitoring words the shell itself needs (the menu section). The monitor pages' own words load with
 * their chunk (pages/monitor/texts.ts), so the shell stays small.
 */
export const monitorText: Catalog = {
  "zh-CN": {
    "nav.group.monitor": "监控告警",
    "nav.monitor_board": "总览",
    "nav.monitor_alerts": "告警",
    "nav.monitor_rules": "规则",
    "nav.monitor_silences": "静默",
    "nav.monitor_nodes": "节点",
    "nav.monitor_slow": "慢查询",
  },
  en: {
    "nav.group.monitor": "Monitoring",
    "nav.monitor_board": "Overview",
    "nav.monitor_alerts": "Alerts",
    "nav.monitor_rules": "Rules",
    "nav.monitor_silences": "Silences",
    "nav.monitor_nodes": "Nodes",
    "nav.monitor_slow": "Slow queries",
  },
};
