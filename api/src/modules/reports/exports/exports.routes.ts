import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { isAppError, type UserActor } from "@ops/shared";
import { EXPORT_FORMATS } from "@ops/shared/contracts/reports.ts";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import { listQuery } from "../../../http/list-query.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { currentContext, type AuditNote } from "../../../platform/context.ts";
import { REPORTS_VIEW } from "../reports.deps.ts";
import { paramsOf, watermarkOf, type DeliveryDeps } from "./delivery.deps.ts";
import { fileNameOf, type Exports } from "./exports.service.ts";
import { streamTable } from "./stream-out.ts";
import { CONTENT_TYPES } from "./writers.ts";

const base = { module: "reports", resourceType: "report" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;
const idParam = z.object({ id: z.string().min(1).max(100) });
const paramValues = z.record(z.string(), z.union([z.string().max(2000), z.array(z.string().max(2000)).max(500)]));

/** `filename*` carries the Chinese title; the plain `filename` an ASCII stand-in. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const exportRoute = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/reports/{id}/export", action: "export",
  // its audit row is written when the last row went out (format, rows), or at once when refused
  audit: false,
  summary: "导出报表",
  description: "`?format=xlsx|csv|png|pdf` 加报表参数（与 `/data` 相同）。以调用者身份读取（行权限与脱敏一致），xlsx/csv 边查边写（CSV 为带 BOM 的 UTF-8），第一行为水印「导出人 … 导出时间 …」；png/pdf 为服务端渲染的图表（或表格前若干行）并带水印。大量数据请用 `POST /reports/{id}/exports`。",
  request: { params: idParam, query: z.object({ format: z.enum(EXPORT_FORMATS) }) },
  responses: { 200: { description: "the file" } },
});
const createRoute = defineRoute({
  ...base, access: REPORTS_VIEW, method: "post", path: "/reports/{id}/exports", action: "exports.create", resourceType: "report_export", errors: [],
  summary: "创建导出任务",
  description: "后台任务导出（worker 角色）：返回 202 与排队中的导出；完成后通知创建人下载链接，文件保留 7 天。",
  request: { params: idParam, ...jsonBody(z.object({ format: z.enum(EXPORT_FORMATS), params: paramValues.default({}) })) },
  responses: { 202: { description: "ReportExport（queued）" } },
});
const listRoute = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/report-exports", action: "exports.list", resourceType: "report_export",
  summary: "我的导出任务",
  request: { query: listQuery.extend({ report_id: z.string().max(100).optional() }) },
});
const getRoute = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/report-exports/{id}", action: "exports.get", resourceType: "report_export",
  summary: "导出任务详情", description: "状态与进度（0–100）；只有创建人可以查看。",
  request: { params: idParam },
});
const downloadRoute = defineRoute({
  ...base, access: REPORTS_VIEW, method: "get", path: "/report-exports/{id}/download", action: "exports.download", resourceType: "report_export",
  auditRead: true, errors: [409],
  summary: "下载导出文件", description: "只有创建人可以下载；未完成时 409，过期（7 天）后 404。",
  request: { params: idParam },
  responses: { 200: { description: "the file" } },
});

export function exportsRoutes(deps: DeliveryDeps, exports: Exports) {
  /** One audit row per export: format, parameters and rows (or the refusal's code). */
  const auditExport = (c: Context<AppEnv>, started: number, status: number, note: AuditNote, errorCode?: string) => {
    const ctx = currentContext();
    if (!ctx || !deps.audit) return Promise.resolve();
    return deps.audit.recordRequest({
      ctx: { ...ctx, auditNotes: [note] }, method: "GET", path: c.req.path, status, durationMs: Math.round(performance.now() - started),
      module: "reports", action: "export", resourceType: "report", ...(errorCode ? { errorCode } : {}),
    }).catch((e: unknown) => deps.logger.error("audit write failed", { err: e }));
  };
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .openapi(exportRoute, async (c) => {
      const started = performance.now();
      // the audit row of a streamed export is written when the stream ends: take the client address while the
      // request is in hand (a GET looks it up only when asked, http/request-context.ts)
      void currentContext()?.ip;
      const { id } = c.req.valid("param");
      const { format } = c.req.valid("query");
      const params = paramsOf(c.req.queries(), ["format"]);
      const actor = me(c);
      try {
        if (format === "png" || format === "pdf") {
          const p = await exports.picture(actor, id, format, params);
          await auditExport(c, started, 200, { resourceId: p.report.id, after: { format, params, rows: p.rows } });
          return c.body(p.bytes as unknown as ArrayBuffer, 200, { "Content-Type": p.contentType, "Content-Disposition": disposition(p.filename), "Cache-Control": "private, no-store" });
        }
        const report = await deps.reader.get(actor, id);
        const at = deps.clock.now();
        const streamed = await streamTable(deps.reader, actor, report.id, format, params, { watermark: watermarkOf(actor, at), sheetName: report.title || report.name });
        streamed.done.then(
          (r) => auditExport(c, started, 200, { resourceId: report.id, after: { format, params, rows: r.rows } }),
          (e: unknown) => auditExport(c, started, 500, { resourceId: report.id, after: { format, params, rows: null } }, isAppError(e) ? e.code : "reports.delivery.export_broken"),
        );
        return c.body(streamed.body, 200, {
          "Content-Type": CONTENT_TYPES[format], "Content-Disposition": disposition(fileNameOf(report, at, format)), "Cache-Control": "private, no-store",
        });
      } catch (e) {
        await auditExport(c, started, isAppError(e) ? e.status : 500, { resourceId: id, after: { format, params } }, isAppError(e) ? e.code : undefined);
        throw e;
      }
    })
    .openapi(createRoute, async (c) => {
      const body = c.req.valid("json");
      const created = await exports.create(me(c), c.req.valid("param").id, body);
      return ok(c, created, 202 as 200);
    })
    .openapi(listRoute, async (c) => ok(c, await exports.list(me(c), c.req.valid("query"))))
    .openapi(getRoute, async (c) => ok(c, await exports.get(me(c), c.req.valid("param").id)))
    .openapi(downloadRoute, async (c) => {
      const file = await exports.download(me(c), c.req.valid("param").id);
      return c.body(file.body, 200, {
        "Content-Type": file.contentType, "Content-Disposition": disposition(file.filename), "Cache-Control": "private, no-store",
        ...(file.bytes ? { "Content-Length": String(file.bytes) } : {}),
      });
    });
}
