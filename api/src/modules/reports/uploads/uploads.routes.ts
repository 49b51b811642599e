import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { REPORTS_DATASOURCE } from "../reports.deps.ts";
import { fileRequired } from "./uploads.errors.ts";
import type { UploadFile, Uploads } from "./uploads.service.ts";

const base = { module: "reports", resourceType: "report_datasource", access: REPORTS_DATASOURCE } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

const FILE_RULES =
  "文件：CSV（UTF-8，可带 BOM，或 GBK/GB18030；逗号、制表符或分号分隔）或 XLSX（第一个工作表，或由 sheet 指定名称或序号）；" +
  "表头可为最多 3 行的合并单元格（如「销售」跨「金额|订单数」得到列名「销售/金额」）；" +
  "按全部行推断列类型（数字去掉千分位、¥ 与 %，日期、日期时间、是/否），空单元格为空值；最多 1,000,000 行，不超过 OPS_ATTACHMENT_MAX_BYTES（超过返回 413）。" +
  "文件有误（无法读取、没有表头、某行多出列、行数过多）返回 400，errors 指向 file 并给出行号，且不做任何改动。";
const fileField = z.any().openapi({ type: "string", format: "binary" });

const preview = defineRoute({
  ...base, method: "post", path: "/datasources/upload/preview", action: "datasource.upload-preview", errors: [413],
  summary: "预览上传文件",
  description: `multipart/form-data：file、sheet（可选）。返回推断出的列 {name, label, type}、前 20 行（按列名）和总行数 total_rows，不保存任何内容。${FILE_RULES}`,
  request: { body: { content: { "multipart/form-data": { schema: z.object({ file: fileField, sheet: z.string().optional() }) } }, required: true } },
});

const create = defineRoute({
  ...base, method: "post", path: "/datasources/upload", action: "datasource.upload", created: true, errors: [409, 413],
  summary: "上传文件创建数据源",
  description: `multipart/form-data：file、name（数据源名称，缺省为文件名）、sheet（可选）。创建 upload 类型的数据源及其本地表 rpt_up_<id>（按推断类型建列），返回数据源，其 upload 含表名、列和行数。${FILE_RULES}`,
  request: {
    body: { content: { "multipart/form-data": { schema: z.object({ file: fileField, name: z.string().max(100).optional(), sheet: z.string().optional() }) } }, required: true },
  },
});

const reupload = defineRoute({
  ...base, method: "post", path: "/datasources/{id}/upload", action: "datasource.upload", operationId: "reportsDatasourceReupload", errors: [413],
  summary: "重新上传数据源文件",
  description: "multipart/form-data：file、sheet（可选）；`?mode=replace`（默认，整体替换表及其列，失败时保留原数据）或 `?mode=append`（追加行，列名与类型须与现有数据一致，否则 400 列出差异）。" + FILE_RULES,
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    query: z.object({ mode: z.enum(["replace", "append"]).optional() }),
    body: { content: { "multipart/form-data": { schema: z.object({ file: fileField, sheet: z.string().optional() }) } }, required: true },
  },
});

type Form = { file: UploadFile | null; name?: string; sheet?: string };

/** The multipart form's fields; anything but a multipart body has no file. */
async function formOf(c: Context<AppEnv>): Promise<Form> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (!type.startsWith("multipart/form-data")) throw fileRequired();
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v : undefined);
  const f = form.file;
  const file = f instanceof File ? { bytes: new Uint8Array(await f.arrayBuffer()), name: f.name || "upload" } : null;
  return { file, name: text(form.name), sheet: text(form.sheet) };
}

export function uploadsRoutes(uploads: Uploads) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(preview, async (c) => {
      const form = await formOf(c);
      return ok(c, await uploads.preview(form.file, { sheet: form.sheet }));
    })
    .openapi(create, async (c) => {
      const form = await formOf(c);
      return ok(c, await uploads.create(me(c), form.file, { name: form.name, sheet: form.sheet }), 201);
    })
    .openapi(reupload, async (c) => {
      const form = await formOf(c);
      const mode = c.req.valid("query").mode ?? "replace";
      return ok(c, await uploads.reupload(me(c), c.req.valid("param").id, form.file, { mode, sheet: form.sheet }));
    });
}
