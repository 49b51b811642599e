import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { forbidden, hasPermission, notFound, unauthenticated, type UserActor } from "@ops/shared";
import { RUN_STATUSES } from "@ops/shared/contracts/jobs.ts";
import { ok } from "../../../http/envelope.ts";
import { listQuery } from "../../../http/list-query.ts";
import { defineRoute, okJson } from "../../../http/route.ts";
import type { AppEnv, Authenticate } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { JOBS_RUN, JOBS_VIEW } from "../jobs.deps.ts";
import type { Jobs } from "../jobs.service.ts";
import { runNotFound } from "../jobs.errors.ts";
import { issueLogTicket, redeemLogTicket } from "./log-tickets.ts";
import { readLog } from "./run-log.ts";
import { isFinal, loadRunRow, toRun } from "./run.store.ts";

const base = { module: "jobs", resourceType: "job_run" } as const;
const idParam = z.object({ id: z.string().min(1).max(64) });
const HEARTBEAT_MS = 25_000;

const list = defineRoute({
  ...base, access: JOBS_VIEW, method: "get", path: "/runs", action: "runs.list",
  summary: "运行记录",
  description: "调用者数据范围内的运行（按作业所属部门及触发人）。筛选：job_id、status（可逗号分隔：" + RUN_STATUSES.join(" ") + "）、trigger（manual cron chat backfill retry api）、backfill_id（一次补数据的运行）；排序 queued_at|started_at|finished_at|duration_ms。",
  request: { query: listQuery.extend({ job_id: z.string().max(64).optional(), status: z.string().max(200).optional(), trigger: z.string().max(200).optional(), backfill_id: z.string().max(64).optional() }) },
});
const get = defineRoute({
  ...base, access: JOBS_VIEW, method: "get", path: "/runs/{id}", action: "runs.get",
  summary: "运行详情", description: "status、trigger 与触发人、解析后的参数、attempt/max_attempts、started_at/finished_at、duration_ms、exit_code 或 http_status、输出摘要、error、reason。",
  request: { params: idParam },
});
const log = defineRoute({
  ...base, access: JOBS_VIEW, method: "get", path: "/runs/{id}/log", action: "runs.log",
  summary: "运行日志",
  description: "已保存的输出块 `{run, chunks: [{seq, stream: stdout|stderr|system, text}]}`（每次尝试最多 1 MiB，超出部分截断并注明）；`?after=` 只取该序号之后的块。" +
    "`?follow=1`：Server-Sent Events 实时跟随，`event: log`（data 为块，id 为 seq），运行结束后发送 `event: end`（data 为运行记录）并关闭。",
  request: { params: idParam, query: z.object({ follow: z.enum(["0", "1"]).optional(), after: z.coerce.number().int().min(0).optional() }) },
});
const cancel = defineRoute({
  ...base, access: JOBS_RUN, method: "post", path: "/runs/{id}/cancel", action: "runs.cancel", errors: [409],
  summary: "取消运行", description: "排队中的运行立即取消；运行中的运行终止其进程组（或中止 HTTP 请求），最多等待 5 秒后返回运行记录（status cancelled）。已结束的运行返回 409。",
  request: { params: idParam },
});

const retry = defineRoute({
  ...base, access: JOBS_RUN, method: "post", path: "/runs/{id}/retry", action: "runs.retry", created: true, errors: [409],
  summary: "重试运行", description: "以原运行的参数和业务日期（bizDate）新建一次运行（trigger 为 retry），返回新的运行记录；原运行保持原状。作业已删除时返回 404；流程步骤的运行返回 409（flows.retry_from_flow，params.flow_run_id 指明应重试的流程运行：POST /flow-runs/{id}/retry）。",
  request: { params: idParam },
});

const logTicket = defineRoute({
  ...base, access: JOBS_VIEW, method: "post", path: "/runs/{id}/log-tickets", action: "runs.log-ticket", created: true, audit: false,
  summary: "申请日志跟随票据",
  description: "一次性票据（60 秒有效），只能打开这一次运行的实时日志：`GET /runs/{id}/log/stream?ticket=`（EventSource 不能带 Authorization 头，令牌不应出现在 URL 中）。每次重连都申请新票据。",
  request: { params: idParam },
  responses: okJson(z.object({ ticket: z.string(), expires_at: z.string() })),
});

// Open to the guard: EventSource sends no Authorization. The handler takes a one-use ticket (issued
// to a `jobs:view` holder who could see the run) or a bearer token; anyone else learns nothing (401/404).
const logStream = defineRoute({
  ...base, access: "public", method: "get", path: "/runs/{id}/log/stream", action: "runs.log-stream",
  summary: "实时跟随运行日志",
  description: "与 `GET /runs/{id}/log?follow=1` 相同的事件（`log`、结束时 `end`）。`?ticket=` 取自 `POST /runs/{id}/log-tickets`（需 `jobs:view`），" +
    "或带 `Authorization: Bearer` 头（需 `jobs:view` 且运行在数据范围内，否则 404）。票据已用、过期或属于别的运行时 401；拒绝 `?access_token=`。",
  request: { params: idParam, query: z.object({ ticket: z.string().max(300).optional(), after: z.coerce.number().int().min(0).optional() }) },
  responses: { 200: { description: "事件流（`text/event-stream`）", content: { "text/event-stream": { schema: z.string() } } } },
  errors: [401],
});

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

/** Who follows: the ticket's user (visibility was checked when it was issued), else the bearer's, checked now. */
async function streamReader(c: Context<AppEnv>, jobs: Jobs, runId: string): Promise<void> {
  if (c.req.query("access_token") !== undefined) throw unauthenticated("jobs.log_ticket_invalid");
  const ticket = c.req.query("ticket");
  const tickets = jobs.deps.logTickets;
  if (ticket) {
    if (!tickets) throw unauthenticated("jobs.log_ticket_invalid");
    await redeemLogTicket(tickets.store, tickets.key, ticket, runId);
    return;
  }
  const token = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) throw unauthenticated("jobs.log_ticket_invalid");
  const authenticate = c.get("authenticate" as never) as Authenticate;
  const actor = await authenticate(token, { path: c.req.path, method: c.req.method });
  if (actor.restricted) throw forbidden(actor.restricted === "password_change" ? "auth.password_change_required" : "auth.mfa_setup_required");
  if (!hasPermission(actor, JOBS_VIEW)) throw runNotFound();
  await jobs.runs.visibleRun(actor, runId);
}

/** The live tail: what is stored first, then each flush as it lands, then `end` once the run is final. */
function follow(c: Context<AppEnv>, jobs: Jobs, runId: string, after: number) {
  const db = jobs.runs.db;
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (sse) => {
    const done = Promise.withResolvers<void>();
    let last = after;
    let busy: Promise<void> = Promise.resolve();
    const pump = () => (busy = busy.then(async () => {
      for (const chunk of await readLog(db, runId, last)) {
        await sse.writeSSE({ event: "log", id: String(chunk.seq), data: JSON.stringify(chunk) });
        last = chunk.seq;
      }
      const row = await loadRunRow(db, runId);
      if (!row || isFinal(row.status)) {
        // one more read: chunks flushed just before the final status
        for (const chunk of await readLog(db, runId, last)) await sse.writeSSE({ event: "log", id: String(chunk.seq), data: JSON.stringify(chunk) });
        if (row) await sse.writeSSE({ event: "end", data: JSON.stringify(toRun(row)) });
        done.resolve();
      }
    }).catch(() => done.resolve()));
    const off = await jobs.events.subscribe(runId, () => void pump());
    const beat = setInterval(() => sse.write(": ping\n\n").catch(() => done.resolve()), HEARTBEAT_MS);
    sse.onAbort(() => done.resolve());
    try {
      await pump();
      await done.promise;
    } finally {
      off();
      clearInterval(beat);
    }
  });
}

export function runRoutes(jobs: Jobs) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await jobs.runs.list(me(c), c.req.valid("query"))))
    .openapi(get, async (c) => ok(c, await jobs.runs.get(me(c), c.req.valid("param").id)))
    .openapi(log, async (c) => {
      const { id } = c.req.valid("param");
      const q = c.req.valid("query");
      if (q.follow === "1") {
        await jobs.runs.visibleRun(me(c), id);
        return follow(c, jobs, id, q.after ?? 0) as never;
      }
      return ok(c, await jobs.runs.log(me(c), id, q.after ?? 0));
    })
    .openapi(logTicket, async (c) => {
      const { id } = c.req.valid("param");
      const actor = me(c);
      await jobs.runs.visibleRun(actor, id);
      const tickets = jobs.deps.logTickets;
      if (!tickets) throw notFound("common.route_not_found");
      return ok(c, await issueLogTicket(tickets.store, tickets.key, actor.userId, actor.sessionId ?? null, id), 201);
    })
    .openapi(logStream, async (c) => {
      const { id } = c.req.valid("param");
      await streamReader(c, jobs, id);
      return follow(c, jobs, id, c.req.valid("query").after ?? 0) as never;
    })
    .openapi(cancel, async (c) => ok(c, await jobs.runs.cancel(me(c), c.req.valid("param").id)))
    .openapi(retry, async (c) => ok(c, await jobs.retry(me(c), c.req.valid("param").id), 201));
}
