import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UserActor } from "@ops/shared";
import { ok } from "../../../http/envelope.ts";
import { defineRoute } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { CONFIG_EDIT, CONFIG_VIEW } from "../config.deps.ts";
import { tableParam, uploadParam } from "../config.schema.ts";
import type { Uploads } from "./uploads.service.ts";

const base = { module: "config", resourceType: "config_upload" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

const upload = defineRoute({
  ...base, access: CONFIG_EDIT, method: "post", path: "/config/tables/{table}/uploads", action: "uploads.create", created: true, errors: [413, 422],
  summary: "上传配置图片",
  description: "multipart/form-data，字段 file：一张 PNG、JPEG、WebP 或 GIF 图片（按文件头识别），不超过 OPS_ATTACHMENT_MAX_BYTES。返回 `{key, url}`，把 key 写进该表的图片字段。",
  request: {
    params: tableParam,
    body: { content: { "multipart/form-data": { schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }) }) } }, required: true },
  },
});
const serve = defineRoute({
  ...base, access: CONFIG_VIEW, method: "get", path: "/config/tables/{table}/uploads/{key}", action: "uploads.get",
  summary: "查看配置图片", description: "图片原文件；能读该表的人可看。",
  request: { params: uploadParam },
  responses: { 200: { description: "the image" } },
});

export function uploadsRoutes(uploads: Uploads) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(upload, async (c) => {
      const form = await c.req.parseBody().catch(() => ({} as Record<string, unknown>));
      const f = form.file;
      const file = f instanceof File ? { bytes: new Uint8Array(await f.arrayBuffer()) } : null;
      return ok(c, await uploads.upload(me(c), c.req.valid("param").table, file), 201);
    })
    .openapi(serve, async (c) => {
      const { table, key } = c.req.valid("param");
      const img = await uploads.serve(me(c), table, key);
      return c.body(img.stream, 200, {
        "Content-Type": img.mime, "Content-Length": String(img.size), "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff",
      });
    });
}
