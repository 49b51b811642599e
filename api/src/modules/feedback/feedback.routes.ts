import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { envelopeCode, t, type UserActor } from "@ops/shared";
import { ok } from "../../http/envelope.ts";
import { localeOf } from "../../http/locale.ts";
import { defineRoute, jsonBody } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import { FEEDBACK_LIST } from "./feedback.deps.ts";
import { TransitionConflict } from "./feedback.errors.ts";
import { assignBody, commentBody, createBody, idParam, listFeedbackQuery, mineQuery, transitionBody } from "./feedback.schema.ts";
import type { FeedbackService } from "./feedback.service.ts";

const base = { module: "feedback", access: "user", resourceType: "feedback" } as const;

const create = defineRoute({
  ...base, method: "post", path: "/feedback", action: "create", created: true,
  summary: "提交反馈",
  description: "从任意页面（或经机器人从聊天）提交反馈：`{category: bug|suggestion|question|other, content, page, context, screenshot?}`，" +
    "截图为不超过 512 KB 的 PNG 或 JPEG data URL。提交人、部门与时间取自登录会话，不接受请求体中的值。",
  request: jsonBody(createBody),
});
const list = defineRoute({
  ...base, access: FEEDBACK_LIST, method: "get", path: "/feedback", action: "list",
  summary: "反馈列表",
  description: "调用者数据范围内的反馈（按提交人所在部门）。筛选：status、category（可逗号分隔多个）、assignee（用户 ID、用户名、me、none）、" +
    "submitter（用户 ID 或用户名）、q（内容或页面关键字，或编号 FB-00042）、from/to（提交时间）；排序 created_at|updated_at|no|status|category。",
  request: { query: listFeedbackQuery },
});
const mine = defineRoute({
  ...base, method: "get", path: "/feedback/mine", action: "mine",
  summary: "我的反馈",
  description: "调用者自己提交的反馈，含状态与处理人的最新回复。",
  request: { query: mineQuery },
});
const get = defineRoute({
  ...base, method: "get", path: "/feedback/{id}", action: "get",
  summary: "反馈详情",
  description: "一条反馈：页面与环境信息、处理记录、调用者当前可执行的操作，以及提交人可重新打开的截止时间。提交人、处理人和数据范围内的反馈查看者可见，其他人得到 404。",
  request: { params: idParam },
});
const screenshot = defineRoute({
  ...base, method: "get", path: "/feedback/{id}/screenshot", action: "screenshot",
  summary: "反馈截图",
  description: "反馈附带的截图（image/png 或 image/jpeg）。",
  request: { params: idParam },
  responses: { 200: { description: "image/png or image/jpeg" } },
});
const transition = defineRoute({
  ...base, method: "post", path: "/feedback/{id}/transitions", action: "transition", errors: [409],
  summary: "变更反馈状态",
  description: "推进反馈：triage|start|resolve|reject|reopen|close，可带 `{comment, assignee}`。数据范围内持有 `feedback:manage` 的处理人可执行全部操作；" +
    "提交人可关闭，并可在 7 天内重新打开。当前状态下不允许的操作返回 409，`data` 为 `{id, status, allowed_actions}`。",
  request: { params: idParam, ...jsonBody(transitionBody) },
});
const comment = defineRoute({
  ...base, method: "post", path: "/feedback/{id}/comments", action: "comment", created: true,
  summary: "回复反馈",
  description: "提交人或处理人回复；处理人的回复会通知提交人。",
  request: { params: idParam, ...jsonBody(commentBody) },
});
const assign = defineRoute({
  ...base, method: "post", path: "/feedback/{id}/assign", action: "assign",
  summary: "指派反馈处理人",
  description: "把反馈交给某位处理人（null 为取消指派），仅处理人可用。",
  request: { params: idParam, ...jsonBody(assignBody) },
});

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

/** The 409 of an illegal transition carries the feedback's current state, so a stale screen can catch up. */
function conflictResponse(c: Context<AppEnv>, e: TransitionConflict) {
  const locale = localeOf(c);
  return c.json({
    code: envelopeCode(409), message: t(locale, e.code, e.params), reason: e.code, timestamp: Date.now(), data: e.state,
    errors: (e.errors ?? []).map((x) => ({ field: x.field, message: t(locale, x.message, e.params) })),
  }, 409);
}

export function feedbackRoutes(feedback: FeedbackService) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => ok(c, await feedback.create(me(c), c.req.valid("json")), 201))
    .openapi(list, async (c) => ok(c, await feedback.list(me(c), c.req.valid("query"))))
    .openapi(mine, async (c) => ok(c, await feedback.mine(me(c), c.req.valid("query"))))
    .openapi(get, async (c) => ok(c, await feedback.get(me(c), c.req.valid("param").id)))
    .openapi(screenshot, async (c) => {
      const shot = await feedback.screenshot(me(c), c.req.valid("param").id);
      return c.body(shot.bytes, 200, { "Content-Type": shot.mime, "Content-Disposition": `inline; filename="${shot.filename}"`, "Cache-Control": "private, no-store" });
    })
    .openapi(transition, async (c) => {
      try {
        return ok(c, await feedback.transition(me(c), c.req.valid("param").id, c.req.valid("json"), localeOf(c)));
      } catch (e) {
        if (e instanceof TransitionConflict) return conflictResponse(c, e) as never;
        throw e;
      }
    })
    .openapi(comment, async (c) => ok(c, await feedback.comment(me(c), c.req.valid("param").id, c.req.valid("json").content), 201))
    .openapi(assign, async (c) => ok(c, await feedback.assign(me(c), c.req.valid("param").id, c.req.valid("json").assignee, localeOf(c))));
}
