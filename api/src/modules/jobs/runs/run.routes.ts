import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { UserActor } from "@ops/shared";
import { RUN_STATUSES } from "@ops/shared/contracts/jobs.ts";
import { ok } from "../../../http/envelope.ts";
import { listQuery } from "../../../http/list-query.ts";
import { defineRoute } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { JOBS_RUN, JOBS_VIEW } from "../jobs.deps.ts";
import type { Jobs } from "../jobs.service.ts";
import { readLog } from "./run-log.ts";
import { isFinal, loadRunRow, toRun } from "./run.store.ts";

const base = { module: "jobs", resourceType: "job_run" } as const;
const idParam = z.object({ id: z.string().min(1).max(64) });
const HEARTBEAT_MS = 25_000;

const list = defineRoute({
  ...base, access: JOBS_VIEW, method: "get", path: "/runs", action: "runs.list",
  summary: "运行记录",
  description: "调用者数据范围内的运行（按作业所属部门及触发人）。筛选：job_id、status（可逗号分隔：" + RUN_STATUSES.join(" ") + "）、trigger（manual cron chat backfill retry api）；排序 queued_at|started_at|finished_at|duration_ms。",
  request: { query: listQuery.extend({ job_id: z.string().max(64).optional(), status: z.string().max(200).optional(), trigger: z.string().max(200).optional() }) },
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
  ...base, access: JOBS_RUN, method: "post", path: "/runs/{id}/retry", action: "runs.retry", created: true,
  summary: "重试运行", description: "以原运行的参数和业务日期（bizDate）新建一次运行（trigger 为 retry），返回新的运行记录；原运行保持原状。作业已删除时返回 404。",
  request: { params: idParam },
});

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

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
    .openapi(cancel, async (c) => ok(c, await jobs.runs.cancel(me(c), c.req.valid("param").id)))
    .openapi(retry, async (c) => ok(c, await jobs.retry(me(c), c.req.valid("param").id), 201));
}
