import type { Catalog } from "./catalog.ts";

/** Reports: errors every part of the module shares (api/src/modules/reports/reports.errors.ts). */
export const reportsMessages: Catalog = {
  "zh-CN": {
    "reports.datasource_not_found": "数据源不存在",
    "reports.dataset_not_found": "数据集不存在",
    "reports.report_not_found": "报表「${id}」不存在",
    "reports.name_taken": "名称「${name}」已被使用",
    "reports.invalid": "报表参数不合法，请按提示修改",
    "reports.query_read_only": "报表查询只能读取数据，不能修改",
    "reports.query_timeout": "查询超过 ${ms} 毫秒未完成，已在数据库端取消",
    "reports.query_cancelled": "查询已取消",
    "reports.source_unreachable": "无法连接数据源：${detail}",
    "reports.query_failed": "查询出错：${detail}",
  },
  en: {
    "reports.datasource_not_found": "Datasource not found",
    "reports.dataset_not_found": "Dataset not found",
    "reports.report_not_found": "Report \"${id}\" not found",
    "reports.name_taken": "The name \"${name}\" is already taken",
    "reports.invalid": "Some report parameters are not valid; see the fields below",
    "reports.query_read_only": "Report queries can only read data",
    "reports.query_timeout": "The query ran past ${ms} ms and was cancelled on the database",
    "reports.query_cancelled": "The query was cancelled",
    "reports.source_unreachable": "Cannot reach the datasource: ${detail}",
    "reports.query_failed": "The query failed: ${detail}",
  },
};
