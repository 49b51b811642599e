import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { t, type UserActor } from "@ops/shared";
import { APPROVAL_MODES, APPROVAL_NODE_TYPES, APPROVER_TYPES, FORM_FIELD_TYPES, ON_EMPTY } from "@ops/shared/contracts/approvals.ts";
import { ok } from "../../../http/envelope.ts";
import { localeOf } from "../../../http/locale.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { APPROVALS_DESIGN, APPROVALS_VIEW } from "../approvals.deps.ts";
import { definitionBody, idParam, listDefinitionsQuery, validateDefinitionBody } from "../approvals.schema.ts";
import type { Definitions } from "./definitions.service.ts";

const base = { module: "approvals", resourceType: "approval_definition" } as const;
const ID_NOTE = "`{id}` 也可以是定义的 key。";
const BODY =
  `\`{key, name, description, form, nodes, edges, settings}\`。表单字段 \`{key, type: ${FORM_FIELD_TYPES.join("|")}, label, required, options, min, max, columns}\`；` +
  `节点 \`{key, type: ${APPROVAL_NODE_TYPES.join("|")}, name, approvers, mode: ${APPROVAL_MODES.join("|")}, ratio, on_empty: ${ON_EMPTY.join("|")}, cc, subprocess}\`，` +
  "子流程节点 `subprocess: {definition: 已发布定义的 key, title, form: {子流程字段: 模板}}`，模板可用 `{form.<本流程字段>}`、`{instance.title}`；" +
  `审批人规则 \`{type: ${APPROVER_TYPES.join("|")}, users, role, level, field}\`；连线 \`{from, to, condition}\`，条件分支的出边写 \`form.<字段> > 3\` 这样的安全表达式，恰好一条不写条件（默认分支）。` +
  "settings `{allow_withdraw, dedupe}`（默认都为 true）。保存只检查结构（重复的 key、悬空连线、条件语法）；完整校验在发布时。";

const list = defineRoute({ ...base, access: APPROVALS_VIEW, method: "get", path: "/approval-definitions", action: "definitions.list", summary: "审批定义列表", description: "筛选：status（draft|published|archived）、q（key 或名称）。", request: { query: listDefinitionsQuery } });
const create = defineRoute({ ...base, access: APPROVALS_DESIGN, method: "post", path: "/approval-definitions", action: "definitions.create", created: true, errors: [409], summary: "新建审批定义", description: `${BODY} 新定义为草稿；key 重复返回 409。`, request: jsonBody(definitionBody) });
const validate = defineRoute({
  ...base, access: APPROVALS_DESIGN, method: "post", path: "/approval-definitions/validate", action: "definitions.validate", audit: false,
  summary: "校验审批流程图", description: "`{form, nodes, edges}` → `{ok, errors: [{field, message}]}`（200）：与发布相同的检查，供设计器即时提示；不保存任何内容。",
  request: jsonBody(validateDefinitionBody),
});
const get = defineRoute({ ...base, access: APPROVALS_VIEW, method: "get", path: "/approval-definitions/{id}", action: "definitions.get", summary: "审批定义详情", description: `草稿内容与已发布的版本号。${ID_NOTE}`, request: { params: idParam } });
const update = defineRoute({ ...base, access: APPROVALS_DESIGN, method: "put", path: "/approval-definitions/{id}", action: "definitions.update", errors: [409], summary: "修改审批定义", description: `整体替换草稿（字段同新建），再次发布后生效；进行中的审批继续使用其版本。${ID_NOTE}`, request: { params: idParam, ...jsonBody(definitionBody) } });
const remove = defineRoute({ ...base, access: APPROVALS_DESIGN, method: "delete", path: "/approval-definitions/{id}", action: "definitions.delete", summary: "删除审批定义", description: `只能删除从未发起过审批的定义（其余请归档）。${ID_NOTE}`, request: { params: idParam } });
const publish = defineRoute({
  ...base, access: APPROVALS_DESIGN, method: "post", path: "/approval-definitions/{id}/publish", action: "definitions.publish",
  summary: "发布审批定义",
  description: `校验后把草稿发布为新版本：一个开始节点、至少一个结束节点、每个节点可达且能走到结束、条件分支有默认出边、审批人规则配置完整（指定的人和角色存在，表单字段为人员类型）、条件语法正确；错误指明字段（如 \`nodes[3]\`、\`edges[1].condition\`、\`nodes[2].approvers.users\`），不保存任何内容。${ID_NOTE}`,
  request: { params: idParam },
});
const archive = defineRoute({ ...base, access: APPROVALS_DESIGN, method: "post", path: "/approval-definitions/{id}/archive", action: "definitions.archive", summary: "归档审批定义", description: `归档后不能再发起；进行中的审批照常处理。${ID_NOTE}`, request: { params: idParam } });
const versions = defineRoute({ ...base, access: APPROVALS_VIEW, method: "get", path: "/approval-definitions/{id}/versions", action: "definitions.versions", summary: "审批定义版本列表", description: `已发布的全部版本（新的在前）。${ID_NOTE}`, request: { params: idParam } });
const version = defineRoute({
  ...base, access: APPROVALS_VIEW, method: "get", path: "/approval-definitions/{id}/versions/{version}", action: "definitions.version", summary: "审批定义版本详情", description: `某一已发布版本。${ID_NOTE}`,
  request: { params: idParam.extend({ version: z.coerce.number().int().min(1) }) },
});

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

export function definitionsRoutes(d: Definitions) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(validate, async (c) => {
      // a 200 answer, so no error sink words it: its messages are put in the caller's language here, as a 400's are
      const r = await d.validate(c.req.valid("json"));
      const locale = localeOf(c);
      return ok(c, { ok: r.ok, errors: r.errors.map((e) => ({ field: e.field, message: t(locale, e.message, e.params) })) });
    })
    .openapi(list, async (c) => ok(c, await d.list(c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await d.create(me(c), c.req.valid("json")), 201))
    .openapi(get, async (c) => ok(c, await d.get(c.req.valid("param").id)))
    .openapi(update, async (c) => ok(c, await d.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(remove, async (c) => ok(c, await d.remove(me(c), c.req.valid("param").id)))
    .openapi(publish, async (c) => ok(c, await d.publish(me(c), c.req.valid("param").id)))
    .openapi(archive, async (c) => ok(c, await d.archive(me(c), c.req.valid("param").id)))
    .openapi(versions, async (c) => ok(c, await d.versions(c.req.valid("param").id)))
    .openapi(version, async (c) => {
      const p = c.req.valid("param");
      return ok(c, await d.version(p.id, p.version));
    });
}
