import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { SyncService } from "./sync.service.ts";
import { SYNC_PROVIDERS } from "./sync.types.ts";

const base = { module: "iam", resourceType: "directory_sync_run", access: "iam:user:sync" } as const;
const runSchema = z.object({
  id: z.string(), provider: z.enum(SYNC_PROVIDERS), dry_run: z.boolean(), status: z.enum(["running", "succeeded", "failed"]), progress: z.number(),
  plan: z.record(z.string(), z.unknown()).nullable(), error: z.string().nullable(), trigger: z.enum(["manual", "schedule"]),
  created_by: z.string().nullable(), started_at: z.string(), finished_at: z.string().nullable(),
});

const providers = defineRoute({
  ...base, method: "get", path: "/directory-sync/providers", action: "directory-sync.providers",
  summary: "可同步通讯录的平台", description: "已配置凭据、可以同步通讯录的平台（飞书、钉钉）。",
  responses: okJson(z.object({ providers: z.array(z.enum(SYNC_PROVIDERS)) })),
});
const start = defineRoute({
  ...base, method: "post", path: "/directory-sync/runs", action: "directory-sync.run", created: true, errors: [400, 409],
  summary: "同步通讯录",
  description: "从飞书或钉钉读取部门（含负责人）与成员，与 OPS 组织架构比较：`dry_run: true` 只给出差异（新建、更新、停用、冲突），不写入；否则在一个事务里写入，每项变更单独审计。已离职的人被停用并结束会话。按平台 ID 匹配；尚未关联的人仅在唯一匹配邮箱或手机号时关联（绝不按姓名，绝不关联超级管理员），其余记为冲突。`wait: true` 时等同步结束再返回。",
  request: jsonBody(z.object({ provider: z.enum(SYNC_PROVIDERS), dry_run: z.boolean().default(true), wait: z.boolean().default(false) })),
  responses: okJson(runSchema),
});
const list = defineRoute({
  ...base, method: "get", path: "/directory-sync/runs", action: "directory-sync.list",
  summary: "通讯录同步记录", description: "最近 20 次同步（含进度与差异）。",
  request: { query: z.object({ provider: z.enum(SYNC_PROVIDERS).optional() }) },
  responses: okJson(z.object({ items: z.array(runSchema) })),
});
const get = defineRoute({
  ...base, method: "get", path: "/directory-sync/runs/{id}", action: "directory-sync.get", errors: [404],
  summary: "一次通讯录同步", description: "进度（0–100）、状态与差异。",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: okJson(runSchema),
});

export function syncRoutes(sync: SyncService) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(providers, (c) => ok(c, { providers: sync.providers() }))
    .openapi(start, async (c) => {
      const body = c.req.valid("json");
      const { run, done } = await sync.start(body.provider, body.dry_run, c.get("actor")!);
      noteAudit({ resourceType: "directory_sync_run", resourceId: run.id, after: { provider: run.provider, dry_run: run.dry_run } });
      return ok(c, body.wait ? await done : run, 201);
    })
    .openapi(list, async (c) => ok(c, { items: await sync.list(c.req.valid("query").provider) }))
    .openapi(get, async (c) => ok(c, await sync.get(c.req.valid("param").id)));
}
