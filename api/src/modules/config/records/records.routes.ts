import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { CONFIG_EDIT, CONFIG_VIEW } from "../config.deps.ts";
import { deleteRecordQuery, listRecordsQuery, reasonBody, recordParam, tableParam, writeRecordBody } from "../config.schema.ts";
import { WRITE_RESPONSES, writeAnswer } from "../http.ts";
import type { Records } from "./records.service.ts";

const base = { module: "config", resourceType: "config_record" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

const VALUES_DOC = "值按字段类型校验：number 数值、decimal 字符串且小数位不超过 scale、switch 布尔、date `YYYY-MM-DD`、datetime ISO-8601、select/multiselect 须在选项中、" +
  "user 为在职用户 ID、image 为本表上传得到的 key、richtext 按白名单清洗、json 须能解析并满足 JSON Schema、reference 为被引用表的现有主键；另有必填、唯一、范围、长度与正则。" +
  "不合法返回 422，`errors` 逐个指明 `values.<字段>`，不保存任何内容。secret 字段加密保存，读出为「••••••」，写回「••••••」保留原值。`reason`（变更原因）必填。";

const list = defineRoute({
  ...base, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}/records", action: "records.list",
  summary: "配置记录列表",
  description: "`q` 在主键与文本类字段中查找；`f.<字段>=值` 精确筛选（多选字段包含该值即可）；`sort=<字段>` 或 `-<字段>`（另有 key、updated_at）。表设有归属部门时按数据范围只返回可见记录。",
  request: { params: tableParam, query: listRecordsQuery },
});
const get = defineRoute({
  ...base, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}/records/{key}", action: "records.get",
  summary: "配置记录详情", description: "一条记录（secret 字段为「••••••」）；ETag 为记录的版本号，可用于修改时的 If-Match。",
  request: { params: recordParam },
});
const create = defineRoute({
  ...base, access: CONFIG_EDIT, method: "post", path: "/config/tables/{table}/records", action: "records.create", created: true, errors: [409, 422],
  summary: "新增配置记录",
  description: `\`{values, reason, department_id?, release_at?}\`。${VALUES_DOC}需审批的表返回 202 与变更集（审批通过后生效）；否则生效为新的表版本并立即全量发布，返回 201。需要 config:edit 且属于表的 write_roles。`,
  request: { params: tableParam, ...jsonBody(writeRecordBody) },
  responses: { 201: WRITE_RESPONSES[200], 202: WRITE_RESPONSES[202] },
});
const update = defineRoute({
  ...base, access: CONFIG_EDIT, method: "patch", path: "/config/tables/{table}/records/{key}", action: "records.update", errors: [409, 422],
  summary: "修改配置记录",
  description: `\`{values, reason}\`，values 只含要改的字段；主键不能改。带 \`If-Match: <记录版本>\` 时版本已变返回 409。${VALUES_DOC}需审批的表返回 202 与变更集。`,
  request: { params: recordParam, ...jsonBody(writeRecordBody) },
  responses: WRITE_RESPONSES,
});
const remove = defineRoute({
  ...base, access: CONFIG_EDIT, method: "delete", path: "/config/tables/{table}/records/{key}", action: "records.delete", errors: [422],
  summary: "删除配置记录",
  description: "原因放在请求体 `{reason}` 或 `?reason=`，必填。需审批的表返回 202 与变更集；否则生效为新的表版本。",
  request: {
    params: recordParam, query: deleteRecordQuery,
    body: { content: { "application/json": { schema: reasonBody } }, required: false },
  },
  responses: WRITE_RESPONSES,
});

/** `f.<field>=value` filters from the raw query. */
const filtersOf = (c: Context<AppEnv>) =>
  Object.fromEntries(Object.entries(c.req.query()).filter(([k]) => k.startsWith("f.") && k.length > 2).map(([k, v]) => [k.slice(2), v]));

export function recordsRoutes(records: Records) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => {
      const q = c.req.valid("query") as { page: number; page_size: number; q?: string; sort?: string };
      return ok(c, await records.list(me(c), c.req.valid("param").table, q, filtersOf(c)));
    })
    .openapi(get, async (c) => {
      const { table, key } = c.req.valid("param");
      const record = await records.get(me(c), table, key);
      c.header("ETag", `"${record.version}"`);
      return ok(c, record);
    })
    .openapi(create, async (c) => writeAnswer(c, await records.create(me(c), c.req.valid("param").table, c.req.valid("json")), true) as never)
    .openapi(update, async (c) => {
      const { table, key } = c.req.valid("param");
      return writeAnswer(c, await records.update(me(c), table, key, c.req.valid("json"), c.req.header("if-match"))) as never;
    })
    .openapi(remove, async (c) => {
      const { table, key } = c.req.valid("param");
      const body = (await c.req.json().catch(() => ({}))) as { reason?: unknown };
      const reason = typeof body?.reason === "string" ? body.reason : c.req.valid("query").reason;
      return writeAnswer(c, await records.remove(me(c), table, key, reason)) as never;
    });
}
