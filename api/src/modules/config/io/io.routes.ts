import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AppError, envelopeCode, t, type UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { localeOf } from "../../../http/locale.ts";
import { defineRoute } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { CONFIG_EDIT, CONFIG_VIEW } from "../config.deps.ts";
import { exportQuery, tableParam } from "../config.schema.ts";
import { ImportRefused, type ImportExport } from "./io.service.ts";

const base = { module: "config", resourceType: "config_table" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

const importRoute = defineRoute({
  ...base, access: CONFIG_EDIT, method: "post", path: "/config/tables/{table}/records/import", action: "records.import", errors: [413, 422],
  summary: "导入配置记录",
  description: "multipart/form-data：file（CSV 或 XLSX，第一行为字段键或字段名）、mode（upsert 按主键新增或修改；replace 另删除文件中没有的记录）、dry_run=1（只校验）、reason（正式导入必填）。" +
    "返回报告 `{rows, to_create, to_update, to_delete, errors: [{row, field, message}]}`。试运行不保存任何内容；正式导入只在没有错误时整体生效为一个版本（需审批的表为一个变更集，返回 202），否则 422，`data` 为报告。空单元格不改动已有值。",
  request: {
    params: tableParam,
    body: {
      content: {
        "multipart/form-data": {
          schema: z.object({
            file: z.any().openapi({ type: "string", format: "binary" }),
            mode: z.enum(["upsert", "replace"]).optional(),
            dry_run: z.string().optional(),
            reason: z.string().optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: "试运行或已生效：`data` 为报告（生效时另有 version）" },
    202: { description: "需审批的表：已生成变更集，`data` 为 `{report, change_set}`" },
  },
});
const exportRoute = defineRoute({
  ...base, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}/records/export", action: "records.export", auditRead: true,
  summary: "导出配置记录",
  description: "`?format=csv|xlsx`：调用者可见的记录（数据范围内），表头为字段键，可直接再导入；secret 字段导出为「••••••」（再导入时保留原值）。导出记入审计。",
  request: { params: tableParam, query: exportQuery },
  responses: { 200: { description: "the file" } },
});

export function ioRoutes(io: ImportExport) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(importRoute, async (c) => {
      const type = (c.req.header("content-type") ?? "").toLowerCase();
      if (!type.startsWith("multipart/form-data")) {
        throw new AppError("common.validation", { status: 400, errors: [{ field: "file", message: "config.import_file_required" }] });
      }
      const form = await c.req.parseBody();
      const file = form.file;
      if (!(file instanceof File)) throw new AppError("common.validation", { status: 400, errors: [{ field: "file", message: "config.import_file_required" }] });
      const mode = form.mode === "replace" ? "replace" : "upsert";
      if (form.mode !== undefined && form.mode !== "upsert" && form.mode !== "replace") {
        throw new AppError("common.validation", { status: 400, errors: [{ field: "mode", message: "validation.invalid" }] });
      }
      const dryRun = ["1", "true", "yes"].includes(String(form.dry_run ?? c.req.query("dry_run") ?? "").toLowerCase());
      try {
        const result = await io.importFile(me(c), c.req.valid("param").table, {
          bytes: new Uint8Array(await file.arrayBuffer()), mode, dryRun, reason: typeof form.reason === "string" ? form.reason : undefined,
        });
        if (result.kind === "proposed") {
          return c.json({ code: 0, message: t(localeOf(c), "ok"), data: { report: result.report, change_set: result.change_set }, timestamp: Date.now() }, 202) as never;
        }
        return ok(c, result.kind === "applied" ? { ...result.report, version: result.version } : result.report);
      } catch (e) {
        if (!(e instanceof ImportRefused)) throw e;
        const locale = localeOf(c);
        return c.json({
          code: envelopeCode(422), message: t(locale, e.code, e.params), reason: e.code, data: e.report, timestamp: Date.now(),
          errors: e.report.errors.map((x) => ({ field: `rows[${x.row}].${x.field}`, message: x.message })),
        }, 422) as never;
      }
    })
    .openapi(exportRoute, async (c) => {
      const file = await io.exportFile(me(c), c.req.valid("param").table, c.req.valid("query").format);
      return c.body(file.body as string, 200, {
        "Content-Type": file.type, "Content-Disposition": `attachment; filename="${file.filename}"`, "Cache-Control": "private, no-store",
      });
    });
}
