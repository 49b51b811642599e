import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { badRequest, type UserActor } from "@ops/shared";
import { APPROVAL_LIMITS } from "@ops/shared/contracts/approvals.ts";
import { ok } from "../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { APPROVALS_DECIDE, APPROVALS_SUBMIT, APPROVALS_VIEW } from "./approvals.deps.ts";
import {
  addApproverBody, commentBody, decideBody, idParam, listInstancesQuery, listTasksQuery, rejectBody, startBody, transferBody, withdrawBody,
} from "./approvals.schema.ts";
import type { Approvals } from "./approvals.service.ts";
import { bpmnRoutes, createBpmn } from "./bpmn/index.ts";
import { definitionsRoutes } from "./definitions/index.ts";
import { delegationsRoutes } from "./delegation/index.ts";
import type { Upload } from "./instances/index.ts";

const inst = { module: "approvals", resourceType: "approval" } as const;
const task = { module: "approvals", resourceType: "approval_task" } as const;
const DECIDED = "任务已处理时返回 409，消息说明由谁于何时处理（如「已由 张三 于 14:02 同意」）；不是自己的任务返回 403。";

const start = defineRoute({
  ...inst, access: APPROVALS_SUBMIT, method: "post", path: "/approvals", action: "start", created: true, errors: [409],
  summary: "发起审批",
  description: "`{definition: key, title, form, approvers}`：按定义的已发布版本发起；form 按表单校验（类型不符返回 400 指明 `form.<字段>`）；approvers 为「发起人自选」节点选择的人（`{节点 key: [用户 ID]}`）。返回审批实例。",
  request: jsonBody(startBody),
});
const list = defineRoute({ ...inst, access: APPROVALS_VIEW, method: "get", path: "/approvals", action: "list", summary: "审批列表", description: "我发起或参与的审批（有设计权限者可见全部）。筛选：status（pending approved rejected withdrawn）、definition（key）、initiator_id、q（标题）。", request: { query: listInstancesQuery } });
const get = defineRoute({ ...inst, access: APPROVALS_VIEW, method: "get", path: "/approvals/{id}", action: "get", summary: "审批详情", description: "状态、表单、当前节点及其待处理任务、时间线（每个事件的操作人、时间和意见）。", request: { params: idParam } });
const withdraw = defineRoute({ ...inst, access: APPROVALS_SUBMIT, method: "post", path: "/approvals/{id}/withdraw", action: "withdraw", errors: [409], summary: "撤回审批", description: "`{comment}`：发起人在审批中时撤回（定义允许时），未处理的任务关闭。已结束或不允许撤回返回 409，非发起人 403。", request: { params: idParam, ...jsonBody(withdrawBody) } });
const comment = defineRoute({
  ...inst, access: APPROVALS_VIEW, method: "post", path: "/approvals/{id}/comments", action: "comment",
  summary: "评论审批（可带附件）",
  description: `参与人在时间线上留言：JSON \`{text}\`，或 multipart/form-data 字段 text 与 files（附件，可多个；每条最多 ${APPROVAL_LIMITS.attachmentsPerComment} 个，` +
    `每个不超过 ${APPROVAL_LIMITS.attachmentBytes / 1024} KB，类型同工单附件）。附件在时间线事件的 data.attachments 中，经 GET /approvals/{id}/attachments/{attachmentId} 下载。`,
  request: {
    params: idParam,
    body: {
      content: {
        "application/json": { schema: commentBody },
        "multipart/form-data": {
          schema: z.object({ text: z.string().optional(), files: z.any().optional().openapi({ type: "array", items: { type: "string", format: "binary" } }) }),
        },
      },
      // not required: each validator then runs only for its own media type (required, the JSON one also checks a multipart body)
      required: false,
    },
  },
});
const attachment = defineRoute({
  ...inst, access: APPROVALS_VIEW, method: "get", path: "/approvals/{id}/attachments/{attachmentId}", action: "attachment",
  summary: "下载审批附件", description: "评论附件原文件（以流的方式返回）；能看到该审批的人可下载。",
  request: { params: idParam.extend({ attachmentId: z.string().min(1).max(64) }) },
  responses: { 200: { description: "the file" } },
});
const tasks = defineRoute({ ...task, access: APPROVALS_VIEW, method: "get", path: "/approval-tasks", action: "tasks.list", summary: "审批任务箱", description: "box=todo（待办）|done（已办）|mine（我发起的审批的任务）|cc（抄送我的）；q 在整个箱内按标题、发起人、节点名、审批类型搜索，definition 按审批定义 key 过滤；每项带 instance_id；counts 为各箱数量（mine 为进行中的申请数，cc 为未读数）。", request: { query: listTasksQuery } });
const approve = defineRoute({ ...task, access: APPROVALS_DECIDE, method: "post", path: "/approval-tasks/{id}/approve", action: "tasks.approve", errors: [409], summary: "同意", description: `\`{comment}\`。或签：首个处理生效，其他人的任务关闭；会签需全部同意；比例签达到比例即通过；依次审批按顺序。${DECIDED}`, request: { params: idParam, ...jsonBody(decideBody) } });
const reject = defineRoute({ ...task, access: APPROVALS_DECIDE, method: "post", path: "/approval-tasks/{id}/reject", action: "tasks.reject", errors: [409], summary: "拒绝", description: `\`{comment, to: end|previous|<节点 key>}\`：end 结束为已拒绝（默认）；previous 退回上一审批节点；节点 key 退回已经过的审批节点。${DECIDED}`, request: { params: idParam, ...jsonBody(rejectBody) } });
const transfer = defineRoute({ ...task, access: APPROVALS_DECIDE, method: "post", path: "/approval-tasks/{id}/transfer", action: "tasks.transfer", errors: [409], summary: "转交", description: `\`{to_user, comment}\`：把自己的待办转给另一人。${DECIDED}`, request: { params: idParam, ...jsonBody(transferBody) } });
const addApprover = defineRoute({ ...task, access: APPROVALS_DECIDE, method: "post", path: "/approval-tasks/{id}/add-approver", action: "tasks.add-approver", errors: [409], summary: "加签", description: `\`{user, position: before|after, comment}\`：before 前加签（对方先审，再回到我）；after 后加签（我同意后对方再审）。${DECIDED}`, request: { params: idParam, ...jsonBody(addApproverBody) } });
const urge = defineRoute({ ...task, access: APPROVALS_SUBMIT, method: "post", path: "/approval-tasks/{id}/urge", action: "tasks.urge", errors: [429], summary: "催办", description: "发起人提醒待办人；每个任务每 10 分钟一次，过频返回 429（Retry-After）。", request: { params: idParam } });
const read = defineRoute({ ...task, access: APPROVALS_VIEW, method: "post", path: "/approval-tasks/{id}/read", action: "tasks.read", summary: "抄送已读", description: "把抄送给我的任务标为已读。", request: { params: idParam } });

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

/** The comment's text and files from a multipart body, or `{text}` as JSON. */
async function commentOf(c: Context<AppEnv>): Promise<{ text: string; files: Upload[] }> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const form = await c.req.parseBody({ all: true });
    const text = typeof form.text === "string" ? form.text : "";
    const raw = form.files ?? form["files[]"];
    const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((f): f is File => f instanceof File);
    return { text, files: await Promise.all(list.map(async (f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) }))) };
  }
  const body = (await c.req.json().catch(() => null)) as { text?: unknown } | null;
  if (body && typeof body.text === "string") return { text: body.text, files: [] };
  throw badRequest("common.validation", [{ field: "text", message: "approvals.comment_empty" }]);
}

/** RFC 5987 filename for non-ASCII names, with an ASCII fallback. */
const disposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** `/approval-definitions…`, `/approvals…` and `/approval-tasks…` under /api/v1. */
export function approvalsRoutes(a: Approvals) {
  const t = a.tasks;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route("/", bpmnRoutes(createBpmn(a.definitions)))
    .route("/", definitionsRoutes(a.definitions))
    .route("/", delegationsRoutes(a.delegations))
    .openapi(start, async (c) => ok(c, await a.instances.start(me(c), c.req.valid("json")), 201))
    .openapi(list, async (c) => ok(c, await a.instances.list(me(c), c.req.valid("query"))))
    .openapi(get, async (c) => ok(c, await a.instances.get(me(c), c.req.valid("param").id)))
    .openapi(withdraw, async (c) => ok(c, await a.instances.withdraw(me(c), c.req.valid("param").id, c.req.valid("json").comment)))
    .openapi(comment, async (c) => ok(c, await a.instances.comment(me(c), c.req.valid("param").id, await commentOf(c))))
    .openapi(attachment, async (c) => {
      const { id, attachmentId } = c.req.valid("param");
      const file = await a.instances.attachment(me(c), id, attachmentId);
      return c.body(file.stream, 200, {
        "Content-Type": file.type, "Content-Length": String(file.size), "Content-Disposition": disposition(file.name),
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
      });
    })
    .openapi(tasks, async (c) => ok(c, await a.listTasks(me(c), c.req.valid("query"))))
    .openapi(approve, async (c) => ok(c, await t.approve(me(c), c.req.valid("param").id, c.req.valid("json").comment)))
    .openapi(reject, async (c) => {
      const b = c.req.valid("json");
      return ok(c, await t.reject(me(c), c.req.valid("param").id, b.to, b.comment));
    })
    .openapi(transfer, async (c) => {
      const b = c.req.valid("json");
      return ok(c, await t.transfer(me(c), c.req.valid("param").id, b.to_user, b.comment));
    })
    .openapi(addApprover, async (c) => {
      const b = c.req.valid("json");
      return ok(c, await t.addApprover(me(c), c.req.valid("param").id, b.user, b.position, b.comment));
    })
    .openapi(urge, async (c) => ok(c, await t.urge(me(c), c.req.valid("param").id)))
    .openapi(read, async (c) => ok(c, await t.read(me(c), c.req.valid("param").id)));
}
