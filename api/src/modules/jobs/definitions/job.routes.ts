import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { JOBS_MANAGE, JOBS_RUN, JOBS_VIEW } from "../jobs.deps.ts";
import type { Jobs } from "../jobs.service.ts";
import { backfillBody, createJobBody, idParam, importBody, listJobsQuery, nextFiresQuery, runParamsBody, updateJobBody } from "./job.schema.ts";
import { exportYaml, importYaml } from "./transfer.ts";
import { nextFiresPreviewBody, previewNextFires } from "./next-fires-preview.ts";

const base = { module: "jobs", resourceType: "job" } as const;
const ID_NOTE = "`{id}` 也可以是作业名称（聊天命令使用名称）。";

const list = defineRoute({
  ...base, access: JOBS_VIEW, method: "get", path: "/jobs", action: "list",
  summary: "作业列表",
  description: "调用者数据范围内的作业（按所属部门及创建人）。筛选：q（名称或描述）、type、status（enabled|paused）、owner_department_id、tag；分页与排序 created_at|updated_at|name|next_fire_at|priority。",
  request: { query: listJobsQuery },
});
const create = defineRoute({
  ...base, access: JOBS_MANAGE, method: "post", path: "/jobs", action: "create", created: true, errors: [409],
  summary: "新建作业",
  description: "`{name, description, type: http|shell|sql|script, config, params, schedule: {cron, timezone}|{every_s}|{delay_s}|{at}|null, misfire: fire_once|skip|catch_up, catch_up_max, " +
    "retries: {count, backoff: {type: fixed|exponential, delay_ms}, on: [failed, timed_out]}, timeout_s, concurrency: allow|forbid|replace, priority, owner_department_id, tags}`。" +
    "name 为小写字母开头的 2–63 位小写字母、数字、- 或 _，全局唯一（重名 409）。config 按 type 校验：http `{method, url, headers, body, expect_status, json_path_check}`，" +
    "shell `{command, cwd, env_allow}`，sql `{engine: store, statement}`（只读），script `{language: typescript|javascript|python, source}`。" +
    "every_s 为固定频率（从设定调度时起算），delay_s 为固定延迟：上一次运行（含重试）结束后 delay_s 秒触发，作业有排队或运行中的运行时不触发，首次在创建、启用、恢复或修改调度后 delay_s 秒；二者为 1 秒至 366 天，超出时 400 指明 `schedule.every_s` 或 `schedule.delay_s`。" +
    "params 与 config 的字符串可用占位符 {today} {yesterday} {bizDate} {bizDate-7d} {runTime:yyyyMMddHHmm} {jobId} {runId} {shardIndex} {shardTotal}；未知占位符、无效 cron 或时区返回 400 并指明字段，不保存任何内容。",
  request: jsonBody(createJobBody),
});
const get = defineRoute({ ...base, access: JOBS_VIEW, method: "get", path: "/jobs/{id}", action: "get", summary: "作业详情", description: ID_NOTE, request: { params: idParam } });
const update = defineRoute({
  ...base, access: JOBS_MANAGE, method: "put", path: "/jobs/{id}", action: "update", errors: [409],
  summary: "修改作业", description: `整体替换作业定义（字段同新建）。修改调度时下次触发从现在算起，不会补发或意外触发。${ID_NOTE}`,
  request: { params: idParam, ...jsonBody(updateJobBody) },
});
const remove = defineRoute({
  ...base, access: JOBS_MANAGE, method: "delete", path: "/jobs/{id}", action: "delete", errors: [409],
  summary: "删除作业", description: `有排队或运行中的运行时返回 409；历史运行记录保留。${ID_NOTE}`, request: { params: idParam },
});
const pause = defineRoute({ ...base, access: JOBS_MANAGE, method: "post", path: "/jobs/{id}/pause", action: "pause", summary: "暂停作业", description: `停止调度触发（已排队的运行照常执行，手动运行仍可用）。${ID_NOTE}`, request: { params: idParam } });
const resume = defineRoute({ ...base, access: JOBS_MANAGE, method: "post", path: "/jobs/{id}/resume", action: "resume", summary: "恢复作业", description: `恢复调度，下次触发从现在算起，暂停期间错过的不补发。${ID_NOTE}`, request: { params: idParam } });
const nextFires = defineRoute({
  ...base, access: JOBS_VIEW, method: "get", path: "/jobs/{id}/next-fires", action: "next-fires",
  summary: "未来触发时间", description: "`data.fires`：接下来 count 次（默认 5，最多 50）触发的 ISO-8601 时刻（UTC），按作业时区计算（含夏令时）；暂停或无调度时为空。固定延迟只知道下一次：上一次运行尚未结束时 fires 为空且 `after_run` 为 true。",
  request: { params: idParam, query: nextFiresQuery },
});
const nextFiresPreview = defineRoute({
  ...base, access: JOBS_VIEW, method: "post", path: "/jobs/next-fires-preview", action: "next-fires-preview", audit: false,
  summary: "预览调度触发时间",
  description: "`{schedule: {cron, timezone}|{every_s}|{delay_s}|{at}|null, count}` → `data.fires`：尚未保存的调度接下来 count 次（默认 5，最多 50）触发的 ISO-8601 时刻（UTC）与 `timezone`。" +
    "校验规则与保存作业相同，无效的 cron 或时区返回 400 并指明字段（`schedule.cron`、`schedule.timezone`）；不保存任何内容。",
  request: jsonBody(nextFiresPreviewBody),
});
const run = defineRoute({
  ...base, access: JOBS_RUN, method: "post", path: "/jobs/{id}/runs", action: "run", created: true,
  summary: "运行作业", description: `\`{params}\` 覆盖作业默认参数，立即排队运行，返回运行记录（status queued）。触发方式：聊天为 chat，API 令牌为 api，其余为 manual。${ID_NOTE}`,
  request: { params: idParam, ...jsonBody(runParamsBody) },
});
const backfill = defineRoute({
  ...base, access: JOBS_MANAGE, method: "post", path: "/jobs/{id}/backfill", action: "backfill", created: true,
  summary: "补数据", description: "`{from, to, parallelism, params}`：from..to（含）每天一次运行，bizDate 为当天，同时最多 parallelism 个排队；返回进度 `{id, total, counts, done, finished}`。",
  request: { params: idParam, ...jsonBody(backfillBody) },
});
const backfillProgress = defineRoute({
  ...base, access: JOBS_VIEW, method: "get", path: "/jobs/{id}/backfills/{backfill_id}", action: "backfill-progress",
  summary: "补数据进度", description: "各状态的运行数、已结束数与是否全部完成。",
  request: { params: idParam.extend({ backfill_id: z.string().min(1).max(64) }) },
});
const schedulerGet = defineRoute({
  module: "jobs", resourceType: "job_scheduler", access: JOBS_VIEW, method: "get", path: "/jobs/scheduler", action: "scheduler.get",
  summary: "调度器状态", description: "全局总开关：`{paused, updated_by, updated_at}`。",
});
const schedulerPause = defineRoute({
  module: "jobs", resourceType: "job_scheduler", access: JOBS_MANAGE, method: "post", path: "/jobs/scheduler/pause", action: "scheduler.pause",
  summary: "暂停全部调度", description: "全局总开关：所有调度器停止触发（手动运行不受影响）。恢复后，暂停期间到期的触发按各作业的错过策略处理。",
});
const schedulerResume = defineRoute({
  module: "jobs", resourceType: "job_scheduler", access: JOBS_MANAGE, method: "post", path: "/jobs/scheduler/resume", action: "scheduler.resume",
  summary: "恢复全部调度", description: "解除全局总开关。",
});

const exportJobs = defineRoute({
  ...base, access: JOBS_VIEW, method: "get", path: "/jobs/export", action: "export", auditRead: true,
  summary: "导出作业定义", description: "调用者数据范围内（可用列表的筛选）的作业定义，YAML 文本（`version: 1`, `jobs: [...]`），可再导入；不含 ID、时间与调度游标。",
  request: { query: listJobsQuery.omit({ page: true, page_size: true, sort: true }) },
  responses: { 200: { description: "application/yaml", content: { "application/yaml": { schema: z.string() } } } },
});
const importJobs = defineRoute({
  ...base, access: JOBS_MANAGE, method: "post", path: "/jobs/import", action: "import",
  summary: "导入作业定义",
  description: "`{yaml, mode: create|upsert, dry_run}`：读取导出的 YAML，每条按新建作业的规则校验（错误字段为 `jobs.<序号>.<字段>`），文件内重名、create 模式下已存在的名称均为错误；" +
    "upsert 模式更新数据范围内的同名作业。全部通过才在一个事务中写入，否则什么都不写；dry_run 只返回每条将执行的动作。",
  request: jsonBody(importBody),
});

const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

export function jobRoutes(jobs: Jobs) {
  const d = jobs.definitions;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    // the scheduler's static paths before /jobs/{id}
    .openapi(schedulerGet, async (c) => ok(c, await jobs.schedulerState()))
    .openapi(schedulerPause, async (c) => ok(c, await jobs.setSchedulerPaused(me(c), true)))
    .openapi(schedulerResume, async (c) => ok(c, await jobs.setSchedulerPaused(me(c), false)))
    .openapi(exportJobs, async (c) => {
      const page = await d.list(me(c), { ...c.req.valid("query"), page: 1, page_size: 10_000 });
      return c.body(exportYaml(page.items), 200, { "Content-Type": "application/yaml; charset=utf-8", "Content-Disposition": 'attachment; filename="jobs.yaml"' });
    })
    .openapi(importJobs, async (c) => {
      const body = c.req.valid("json");
      return ok(c, await importYaml(jobs.deps, d, me(c), body.yaml, body.mode, body.dry_run));
    })
    .openapi(nextFiresPreview, (c) => ok(c, previewNextFires(jobs.deps.clock, c.req.valid("json"))))
    .openapi(list, async (c) => ok(c, await d.list(me(c), c.req.valid("query"))))
    .openapi(create, async (c) => ok(c, await d.create(me(c), c.req.valid("json")), 201))
    .openapi(get, async (c) => ok(c, await d.get(me(c), c.req.valid("param").id)))
    .openapi(update, async (c) => ok(c, await d.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(remove, async (c) => ok(c, await d.remove(me(c), c.req.valid("param").id)))
    .openapi(pause, async (c) => ok(c, await d.pause(me(c), c.req.valid("param").id)))
    .openapi(resume, async (c) => ok(c, await d.resume(me(c), c.req.valid("param").id)))
    .openapi(nextFires, async (c) => ok(c, await d.nextFires(me(c), c.req.valid("param").id, c.req.valid("query").count)))
    .openapi(run, async (c) => ok(c, await jobs.runNow(me(c), c.req.valid("param").id, c.req.valid("json").params), 201))
    .openapi(backfill, async (c) => ok(c, await jobs.backfill(me(c), c.req.valid("param").id, c.req.valid("json")), 201))
    .openapi(backfillProgress, async (c) => {
      const p = c.req.valid("param");
      return ok(c, await jobs.backfillProgress(me(c), p.id, p.backfill_id));
    });
}
