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
  summary: "List audit log entries (filters: actor, module, action, resource, status, time range); each row carries action_name in the request's language and the actor's display name and username",
  request: { query: auditLogQuery },
});

const exportLogs = defineRoute({
  method: "get",
  path: "/audit/logs/export",
  module: "audit",
  action: "log.export",
  access: "audit:log:export",
  auditRead: true,
  summary: "Export the filtered audit log as CSV",
  request: { query: auditLogQuery.omit({ page: true, page_size: true }) },
  responses: { 200: { description: "text/csv" } },
});

const listLogins = defineRoute({
  method: "get",
  path: "/audit/login-logs",
  module: "audit",
  action: "login-log.list",
  access: "audit:login-log:list",
  summary: "List login attempts",
  request: { query: loginLogQuery },
});

const verifyChains = defineRoute({
  method: "get",
  path: "/audit/verify",
  module: "audit",
  action: "chain.verify",
  access: "audit:verify",
  summary: "Recompute the audit and login log hash chains, archives included: {ok, checked, first_bad}",
  responses: okJson(verifyReport),
});

const archiveLogs = defineRoute({
  method: "post",
  path: "/audit/archive",
  module: "audit",
  action: "log.archive",
  access: "audit:archive",
  summary: "Move audit and login log rows older than the given days (default OPS_AUDIT_ARCHIVE_DAYS) to archive files",
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
