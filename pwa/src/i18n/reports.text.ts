import type { Catalog } from "@ops/shared/i18n/catalog.ts";

/**
 * Reports words the shell itself needs (the menu entry). The reports pages' own
 * words load with their chunk (pages/reports/texts.ts), so the shell stays small.
 */
export const reportsText: Catalog = {
  "zh-CN": {
    "nav.reports": "报表",
  },
  en: {
    "nav.reports": "Reports",
  },
};
