import { OpenAPIHono } from "@hono/zod-openapi";
import { defineRoute, jsonBody, okJson } from "../../http/route.ts";
import { ok } from "../../http/envelope.ts";
import { localeOf } from "../../http/locale.ts";
import { validationHook } from "../../http/validation.ts";
import type { AppEnv } from "../../http/types.ts";
import { archiveBody, archiveResult, auditLogQuery, loginLogQuery, verifyReport } from "./audit.schema.ts";
import { auditCsv } from "./audit.csv.ts";
import type { AuditService } from "./audit.service.ts";

const listLogs = defineRoute({
  method: "get",
  path: "/audit/logs",
  module: "audit",
  action: "log.list",
  access: "audit:log:list",
  description: "分页查询操作日志（可按操作人、模块、动作、资源、结果、时间范围筛选）；每行带请求语言的动作名称 `action_name` 与操作人的显示名和用户名。",
  request: { query: auditLogQuery },
});

const exportLogs = defineRoute({
  method: "get",
  path: "/audit/logs/export",
  module: "audit",
  action: "log.export",
  access: "audit:log:export",
  auditRead: true,
  description: "按当前筛选条件导出操作日志（CSV，UTF-8 带 BOM）。",
  request: { query: auditLogQuery.omit({ page: true, page_size: true }) },
  responses: { 200: { description: "CSV 文件（`text/csv`，UTF-8 带 BOM）" } },
});

const listLogins = defineRoute({
  method: "get",
  path: "/audit/login-logs",
  module: "audit",
  action: "login-log.list",
  access: "audit:login-log:list",
  description: "分页查询登录日志（成功与失败的登录尝试）。",
  request: { query: loginLogQuery },
});

const verifyChains = defineRoute({
  method: "get",
  path: "/audit/verify",
  module: "audit",
  action: "chain.verify",
  access: "audit:verify",
  description: "重新计算操作日志与登录日志的哈希链（含已归档文件），返回 `{ok, checked, first_bad}`。",
  responses: okJson(verifyReport),
});

const archiveLogs = defineRoute({
  method: "post",
  path: "/audit/archive",
  module: "audit",
  action: "log.archive",
  access: "audit:archive",
  description: "把早于指定天数（默认 `OPS_AUDIT_ARCHIVE_DAYS`）的操作日志与登录日志移入归档文件；哈希链损坏或正在归档时 409。", errors: [409],
  request: jsonBody(archiveBody),
  responses: okJson(archiveResult),
});

export function auditRoutes(audit: AuditService) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listLogs, async (c) => ok(c, await audit.listLogs(c.get("actor")!, c.req.valid("query"), localeOf(c))))
    .openapi(exportLogs, async (c) => {
      const rows = await audit.allLogs(c.get("actor")!, c.req.valid("query"), localeOf(c));
      const name = `audit-${new Date().toISOString().slice(0, 10)}.csv`;
      return c.body(auditCsv(rows, localeOf(c)), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}"`,
      });
    })
    .openapi(listLogins, async (c) => ok(c, await audit.listLogins(c.get("actor")!, c.req.valid("query"))))
    .openapi(verifyChains, async (c) => ok(c, await audit.verify()))
    .openapi(archiveLogs, async (c) => ok(c, await audit.archive(c.req.valid("json").older_than_days)));
}
