import type { Catalog } from "./catalog.ts";

/** The monitor's slow query log: error reasons. */
export const monitorSlowMessages: Catalog = {
  "zh-CN": {
    "monitor.slow_query_not_found": "慢查询记录不存在（可能已过保留期被清理）",
  },
  en: {
    "monitor.slow_query_not_found": "Slow query not found (it may have passed its retention and been removed)",
  },
};
