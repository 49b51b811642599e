import type { Catalog } from "./catalog.ts";

/** Reports datasources (api/src/modules/reports/sources). */
export const reportsSourcesMessages: Catalog = {
  "zh-CN": {
    "reports.query_forbidden_table": "报表查询只能读取报表数据表（rpt_ 开头），不能读取「${table}」",
    "reports.query_forbidden_function": "报表查询不能调用函数「${name}」",
    "reports.query_multiple_statements": "一次只能执行一条 SELECT 语句",
    "reports.datasource_in_use": "数据源仍被 ${count} 个数据集使用，不能删除",
    "reports.datasource_url_required": "此类型的数据源需要填写连接地址",
    "reports.datasource_url_invalid": "连接地址格式不正确",
    "reports.datasource_url_scheme": "连接地址须以 ${schemes} 开头",
    "reports.datasource_url_not_allowed": "内置存储与上传数据源不需要连接地址",
    "reports.datasource_upload_type": "上传数据源请通过上传文件创建",
    "reports.datasource_type_change": "上传数据源不能改成其他类型，其他数据源也不能改成上传",
    "reports.datasource_password_needed": "连接地址的主机、端口或用户已改，请重新填写密码",
  },
  en: {
    "reports.query_forbidden_table": "Report queries may read only report tables (named rpt_…), not \"${table}\"",
    "reports.query_forbidden_function": "Report queries may not call \"${name}\"",
    "reports.query_multiple_statements": "Only one SELECT statement at a time",
    "reports.datasource_in_use": "${count} dataset(s) still use this datasource; it cannot be deleted",
    "reports.datasource_url_required": "This type of datasource needs a connection URL",
    "reports.datasource_url_invalid": "The connection URL is not valid",
    "reports.datasource_url_scheme": "The connection URL must start with ${schemes}",
    "reports.datasource_url_not_allowed": "Built-in store and upload datasources take no connection URL",
    "reports.datasource_upload_type": "Upload datasources are created by uploading a file",
    "reports.datasource_type_change": "An upload datasource cannot change type, and no other datasource can become an upload",
    "reports.datasource_password_needed": "The host, port or user changed: enter the password again",
  },
};
