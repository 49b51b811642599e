import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AppError, envelopeCode, t, type UserActor } from "@ops/shared";
import { TICKET_LIMITS } from "@ops/shared/contracts/tickets.ts";
import { ok } from "../../http/envelope.ts";
import { localeOf } from "../../http/locale.ts";
import { defineRoute, jsonBody } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import type { Upload } from "./tickets.comments.ts";
import { TICKETS_ASSIGN } from "./tickets.deps.ts";
import { TicketConflict } from "./tickets.errors.ts";
import { attachmentParam, createBody, idParam, listTicketsQuery, transitionBody } from "./tickets.schema.ts";
import type { TicketsService } from "./tickets.service.ts";

const base = { module: "tickets", access: "user", resourceType: "ticket" } as const;

const create = defineRoute({
  ...base, access: "tickets:create", method: "post", path: "/tickets", action: "create", created: true,
  summary: "新建工单",
  description: "使用方提交问题或需求：`{title, kind: issue|requirement, priority: low|medium|high|urgent, description}`，进入「待审核」。" +
    "提交人与部门取自登录会话；响应与解决时限按优先级确定（urgent 30 分钟/4 小时，high 2/24 小时，medium 8/72 小时，low 24/168 小时）。",
  request: jsonBody(createBody),
});
const list = defineRoute({
  ...base, method: "get", path: "/tickets", action: "list",
  summary: "工单列表",
  description: "调用者可见的工单：自己提交或被指派的，以及持有 tickets:view/review/assign 时数据范围内的（按提交人所在部门）。" +
    "筛选：status（可逗号分隔，open 为未结束的全部状态）、kind、priority、view（all|mine 我提交的|assigned 指派给我|to_review 待我审核|to_assign 待我指派）、" +
    "q（标题或描述关键字，或编号 T-00042）；`counts` 为同样筛选下各状态的数量（看板列头）。",
  request: { query: listTicketsQuery },
});
const assignees = defineRoute({
  ...base, access: TICKETS_ASSIGN, method: "get", path: "/tickets/assignees", action: "assignees",
  summary: "可指派的工程师",
  description: "持有 `tickets:handle` 的在职用户，供项目经理指派工单时选择。",
});
const get = defineRoute({
  ...base, method: "get", path: "/tickets/{id}", action: "get",
  summary: "工单详情",
  description: "工单、时间线（状态变更、评论与附件、SLA 提醒）、调用者在该工单中的角色与当前可执行的操作。看不到的工单返回 404。",
  request: { params: idParam },
});
const transition = defineRoute({
  ...base, method: "post", path: "/tickets/{id}/transitions", action: "transition", errors: [409],
  summary: "推进工单",
  description: "`{action, comment, assignee}`：管理方 review_approve|review_reject（驳回须填 comment）；项目经理 assign（assignee 为用户 ID 或用户名，须持有 tickets:handle）；" +
    "被指派的工程师 start|submit；提交人 confirm|send_back（退回须填 comment）；提交人或管理方 close（结单）。" +
    "当前状态不允许的操作返回 409，`data` 为 `{id, status, allowed_actions}`；角色不符返回 403。每一步都记入时间线、审计并通知下一方。",
  request: { params: idParam, ...jsonBody(transitionBody) },
});
const comment = defineRoute({
  ...base, method: "post", path: "/tickets/{id}/comments", action: "comment", created: true,
  summary: "评论工单（可带附件）",
  description: `multipart/form-data：字段 content（文字）与 files（附件，可多个）。每条最多 ${TICKET_LIMITS.attachmentsPerComment} 个附件，` +
    `每个不超过 ${TICKET_LIMITS.attachmentBytes / 1024} KB，类型限图片、PDF、文本、CSV、JSON、压缩包与 Office 文档；只有文字时也可发 JSON \`{content}\`。工单的相关人员可评论。`,
  request: {
    params: idParam,
    body: {
      content: {
        "multipart/form-data": {
          schema: z.object({
            content: z.string().optional(),
            files: z.any().optional().openapi({ type: "array", items: { type: "string", format: "binary" } }),
          }),
        },
      },
      required: true,
    },
  },
});
const attachment = defineRoute({
  ...base, method: "get", path: "/tickets/{id}/attachments/{attachmentId}", action: "attachment",
  summary: "下载工单附件",
  description: "附件原文件（以流的方式返回）；能看到该工单的人可下载。",
  request: { params: attachmentParam },
  responses: { 200: { description: "the file" } },
});

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

/** The 409 of an illegal move carries the ticket's current state, so a stale screen or card can catch up. */
function conflictResponse(c: Context<AppEnv>, e: TicketConflict) {
  const locale = localeOf(c);
  return c.json({
    code: envelopeCode(409), message: t(locale, e.code, e.params), reason: e.code, timestamp: Date.now(), data: e.state,
    errors: (e.errors ?? []).map((x) => ({ field: x.field, message: t(locale, x.message, e.params) })),
  }, 409);
}

/** The comment's text and files from a multipart body (or `{content}` as JSON). */
async function commentOf(c: Context<AppEnv>): Promise<{ content: string; files: Upload[] }> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const form = await c.req.parseBody({ all: true });
    const content = typeof form.content === "string" ? form.content : "";
    const raw = form.files ?? form["files[]"];
    const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((f): f is File => f instanceof File);
    const files = await Promise.all(list.map(async (f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) })));
    return { content, files };
  }
  if (type.startsWith("application/json")) {
    const body = (await c.req.json().catch(() => null)) as { content?: unknown } | null;
    if (body && typeof body.content === "string") return { content: body.content, files: [] };
    throw new AppError("common.validation", { status: 400, errors: [{ field: "content", message: "tickets.comment_empty" }] });
  }
  throw new AppError("common.validation", { status: 400, errors: [{ field: "body", message: "tickets.multipart_required" }] });
}

/** RFC 5987 filename for non-ASCII names, with an ASCII fallback. */
const disposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function ticketsRoutes(tickets: TicketsService) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => ok(c, await tickets.create(me(c), c.req.valid("json")), 201))
    .openapi(list, async (c) => ok(c, await tickets.list(me(c), c.req.valid("query"))))
    .openapi(assignees, async (c) => ok(c, { items: await tickets.assignees() }))
    .openapi(get, async (c) => ok(c, await tickets.get(me(c), c.req.valid("param").id)))
    .openapi(transition, async (c) => {
      try {
        return ok(c, await tickets.transition(me(c), c.req.valid("param").id, c.req.valid("json"), localeOf(c)));
      } catch (e) {
        if (e instanceof TicketConflict) return conflictResponse(c, e) as never;
        throw e;
      }
    })
    .openapi(comment, async (c) => ok(c, await tickets.comment(me(c), c.req.valid("param").id, await commentOf(c)), 201))
    .openapi(attachment, async (c) => {
      const { id, attachmentId } = c.req.valid("param");
      const file = await tickets.attachment(me(c), id, attachmentId);
      return c.body(file.stream, 200, {
        "Content-Type": file.mime, "Content-Length": String(file.size), "Content-Disposition": disposition(file.name),
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
      });
    });
}
