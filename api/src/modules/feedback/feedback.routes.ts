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
  ...base, method: "post", path: "/feedback", action: "create",
  summary: "File feedback from a page: {category: bug|suggestion|question|other, content, page, context, screenshot?} " +
    "(screenshot: a PNG or JPEG data URL up to 512 KB). Submitter, department and time are taken from the session",
  request: jsonBody(createBody),
});
const list = defineRoute({
  ...base, access: FEEDBACK_LIST, method: "get", path: "/feedback", action: "list",
  summary: "Feedback in the caller's data scope; filters status, category (comma-separated), assignee (id, username, me, none), " +
    "submitter (id or username), q (words or FB-number), from/to (created_at); sort created_at|updated_at|no|status|category",
  request: { query: listFeedbackQuery },
});
const mine = defineRoute({
  ...base, method: "get", path: "/feedback/mine", action: "mine",
  summary: "The caller's own feedback with status and the latest reply",
  request: { query: mineQuery },
});
const get = defineRoute({
  ...base, method: "get", path: "/feedback/{id}", action: "get",
  summary: "One feedback with its context, timeline, the actions the caller may take now and until when the submitter may reopen",
  request: { params: idParam },
});
const screenshot = defineRoute({
  ...base, method: "get", path: "/feedback/{id}/screenshot", action: "screenshot",
  summary: "The feedback's screenshot (image/png or image/jpeg)",
  request: { params: idParam },
  responses: { 200: { description: "image/png or image/jpeg" } },
});
const transition = defineRoute({
  ...base, method: "post", path: "/feedback/{id}/transitions", action: "transition",
  summary: "Move a feedback: triage|start|resolve|reject|reopen|close with {comment, assignee}. Handlers (feedback:manage, in scope) " +
    "do all; the submitter may close, and reopen within 7 days. Illegal from the current status: 409 with data {status, allowed_actions}",
  request: { params: idParam, ...jsonBody(transitionBody) },
});
const comment = defineRoute({
  ...base, method: "post", path: "/feedback/{id}/comments", action: "comment",
  summary: "Reply on a feedback (submitter or handler); a handler's reply reaches the submitter",
  request: { params: idParam, ...jsonBody(commentBody) },
});
const assign = defineRoute({
  ...base, method: "post", path: "/feedback/{id}/assign", action: "assign",
  summary: "Hand a feedback to a handler (null: nobody); handlers only",
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
    .openapi(create, async (c) => ok(c, await feedback.create(me(c), c.req.valid("json"), c.req.header("user-agent") ?? null), 201))
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
