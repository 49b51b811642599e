import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, okJson, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createDeptService } from "./departments.service.ts";
import { keepDefaultName, localizeDepts, nameLocale } from "../access/index.ts";
import { createDeptBody, deptListQuery, deptSchema, deptTreeSchema, updateDeptBody } from "./departments.schema.ts";

const base = { module: "iam", resourceType: "department" } as const;
const idParam = z.object({ id: z.string().min(1).max(64) });

const list = defineRoute({
  ...base, method: "get", path: "/departments", action: "dept.list", access: "iam:dept:list",
  summary: "部门树", description: "数据范围内的部门树（`?flat=true` 返回平铺列表）。",
  request: { query: deptListQuery },
  responses: okJson(z.union([deptTreeSchema, z.array(deptSchema)])),
});
const get = defineRoute({
  ...base, method: "get", path: "/departments/{id}", action: "dept.get", access: "iam:dept:list",
  summary: "部门详情", description: "单个部门。",
  request: { params: idParam },
  responses: okJson(deptSchema),
});
const create = defineRoute({
  ...base, method: "post", path: "/departments", action: "dept.create", created: true, access: "iam:dept:create",
  description: "在数据范围内的上级部门下创建部门；同级重名 409。", errors: [409],
  request: jsonBody(createDeptBody),
  responses: okJson(deptSchema),
});
const update = defineRoute({
  ...base, method: "put", path: "/departments/{id}", action: "dept.update", access: "iam:dept:update",
  description: "编辑或移动部门（不能移到自己的子树下）。", errors: [409],
  request: { params: idParam, ...jsonBody(updateDeptBody) },
  responses: okJson(deptSchema),
});
const remove = defineRoute({
  ...base, method: "delete", path: "/departments/{id}", action: "dept.delete", access: "iam:dept:delete",
  description: "删除空部门（无子部门、无用户）；根部门不可删除。", errors: [409],
  request: { params: idParam },
  responses: okJson(z.object({ id: z.string(), deleted: z.literal(true) })),
});

export function departmentsRoutes(deps: IamDeps) {
  const depts = createDeptService(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await localizeDepts(deps.db, nameLocale(c), await depts.list(c.get("actor")!, c.req.valid("query")))))
    .openapi(get, async (c) => ok(c, await localizeDepts(deps.db, nameLocale(c), await depts.get(c.get("actor")!, c.req.valid("param").id))))
    .openapi(create, async (c) => ok(c, await localizeDepts(deps.db, nameLocale(c), await depts.create(c.get("actor")!, c.req.valid("json"))), 201))
    .openapi(update, async (c) => ok(c, await localizeDepts(deps.db, nameLocale(c), await depts.update(c.get("actor")!, c.req.valid("param").id, await keepDefaultName(deps.db, "dept", c.req.valid("param").id, c.req.valid("json"))))))
    .openapi(remove, async (c) => ok(c, await depts.remove(c.get("actor")!, c.req.valid("param").id)));
}
