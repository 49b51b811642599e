import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { APPROVALS_DESIGN, APPROVALS_VIEW } from "../approvals.deps.ts";
import { idParam } from "../approvals.schema.ts";
import type { Bpmn } from "./bpmn.service.ts";

const base = { module: "approvals", resourceType: "approval_definition" } as const;
const SUBSET =
  "支持的子集：startEvent（开始）、endEvent（结束）、userTask（审批，`ops:approval` 扩展带审批人规则、模式、比例、无人时策略、超时）、sendTask（抄送，`ops:cc`）、" +
  "exclusiveGateway（条件分支，条件写在 conditionExpression，默认分支为网关的 default）、parallelGateway（并行分支 Diverging / 汇合 Converging）；" +
  "表单、设置与内部钩子是流程上的 `ops:form`、`ops:settings`、`ops:hook` 扩展（命名空间 https://ops.dev/schema/bpmn/approvals/1.0）。";

const exportBpmn = defineRoute({
  ...base, access: APPROVALS_VIEW, method: "get", path: "/approval-definitions/{id}/bpmn", action: "definitions.export-bpmn", auditRead: true,
  summary: "导出审批定义为 BPMN 2.0",
  description: `草稿（或 \`?version=N\` 指定的已发布版本）导出为 BPMN 2.0 XML 文件 \`<key>.bpmn\`（不含图形 DI 部分）。${SUBSET} \`{id}\` 也可以是定义的 key。`,
  request: { params: idParam, query: z.object({ version: z.coerce.number().int().min(1).optional() }) },
  responses: { 200: { description: "application/xml", content: { "application/xml": { schema: z.string() } } } },
});
const importBpmn = defineRoute({
  ...base, access: APPROVALS_DESIGN, method: "post", path: "/approval-definitions/import", action: "definitions.import", created: true, errors: [409, 422],
  summary: "从 BPMN 2.0 导入审批定义",
  description: `\`{xml, key?, name?}\`：读取 BPMN 2.0 XML，新建一个草稿（key 默认取流程 id 转为小写，name 默认取流程名称）。${SUBSET} ` +
    "XML 格式错误返回 400，`errors[0].message` 指明解析器报告的行号；子集之外的元素（如 scriptTask、subProcess、带定时器的事件）或引用不存在的元素返回 422，逐个指明元素 id 与类型；" +
    "图形（DI）部分与其他厂商的扩展被忽略。内容再按新建定义的规则校验（400 指明字段），key 重复返回 409。",
  request: jsonBody(z.object({
    xml: z.string().min(1).max(1_000_000),
    key: z.string().max(63).optional(),
    name: z.string().min(1).max(100).optional(),
  }).strict()),
});

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

export function bpmnRoutes(b: Bpmn) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(importBpmn, async (c) => ok(c, await b.importXml(me(c), c.req.valid("json")), 201))
    .openapi(exportBpmn, async (c) => {
      const file = await b.exportXml(c.req.valid("param").id, c.req.valid("query").version);
      return c.body(file.xml, 200, { "Content-Type": "application/xml; charset=utf-8", "Content-Disposition": `attachment; filename="${file.filename}"` });
    });
}
