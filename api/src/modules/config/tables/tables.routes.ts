import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { CONFIG_DESIGN, CONFIG_VIEW } from "../config.deps.ts";
import { createTableBody, listTablesQuery, tableParam, updateTableBody } from "../config.schema.ts";
import type { Tables } from "./tables.service.ts";

const base = { module: "config", resourceType: "config_table" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

const FIELDS_DOC = "字段 `fields[]`：`{key, type, label, required, unique, min, max, min_length, max_length, regex, regex_message, scale, options, json_schema, language, reference: {table}, secret, default}`，" +
  "type 为 text textarea number decimal switch date datetime select multiselect user image richtext json code reference。" +
  "`key_field` 须是必填且唯一的 text 或 number 字段。元数据错误返回 400，逐个指明 `fields[i].<属性>`（键重复或格式不对、select 缺少选项、正则或 JSON Schema 无法编译、引用的表不存在、min 大于 max…）。";

const list = defineRoute({
  ...base, access: CONFIG_VIEW, method: "get", path: "/config/tables", action: "tables.list",
  summary: "配置表列表", description: "调用者可读的配置表（read_roles 为空或包含其角色）；`q` 按名称、显示名与描述筛选。",
  request: { query: listTablesQuery },
});
const create = defineRoute({
  ...base, access: CONFIG_DESIGN, method: "post", path: "/config/tables", action: "tables.create", created: true, errors: [409],
  summary: "新建配置表",
  description: `\`{name, display_name, description, fields, key_field, read_roles, write_roles, needs_approval, approval_definition, owner_department_id, keep_history_days, subscribers}\`。${FIELDS_DOC}名称已存在返回 409。`,
  request: jsonBody(createTableBody),
});
const get = defineRoute({
  ...base, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}", action: "tables.get",
  summary: "配置表详情", description: "表的元数据、最新版本号与最新全量发布号。无权读取的表返回 404。",
  request: { params: tableParam },
});
const update = defineRoute({
  ...base, access: CONFIG_DESIGN, method: "patch", path: "/config/tables/{table}", action: "tables.update",
  summary: "修改配置表",
  description: `只改给出的属性。已有记录时可以改标签、加可选字段、加选项；改字段类型、切换 secret、换主键字段，或使现有记录不再合法的规则（设为必填而有空值、设为唯一而有重复、收紧范围或正则、删掉在用的选项）返回 400，指明字段属性与第一条不满足的记录。系统表不能改字段。${FIELDS_DOC}`,
  request: { params: tableParam, ...jsonBody(updateTableBody) },
});
const remove = defineRoute({
  ...base, access: CONFIG_DESIGN, method: "delete", path: "/config/tables/{table}", action: "tables.delete",
  summary: "归档配置表", description: "软删除：表不再出现，记录与历史保留，名称可再用。系统表不能删除（403）；仍被其他表的引用字段指向时返回 400。",
  request: { params: tableParam },
});

export function tablesRoutes(tables: Tables) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await tables.list(me(c), c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await tables.create(me(c), c.req.valid("json")), 201))
    .openapi(get, async (c) => ok(c, await tables.get(me(c), c.req.valid("param").table)))
    .openapi(update, async (c) => ok(c, await tables.update(me(c), c.req.valid("param").table, c.req.valid("json"))))
    .openapi(remove, async (c) => ok(c, await tables.remove(me(c), c.req.valid("param").table)));
}
