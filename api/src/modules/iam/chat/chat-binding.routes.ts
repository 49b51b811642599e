import { OpenAPIHono, z } from "@hono/zod-openapi";
import { badRequest } from "@ops/shared";
import { defineRoute, jsonBody, okJson } from "../../../http/route.ts";
import { ok } from "../../../http/envelope.ts";
import { validationHook } from "../../../http/validation.ts";
import type { AppEnv } from "../../../http/types.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createChatBindings } from "./chat-binding.ts";

const binding = z.object({ id: z.string(), platform: z.string(), external_user_id: z.string(), name: z.string().nullable(), created_at: z.string() });

const bindRequest = defineRoute({
  method: "post", path: "/im/bind-requests", module: "iam", action: "im.bind_request", created: true, access: "bot", resourceType: "chat_account",
  description: "机器人为 `X-OPS-Chat-Platform` / `X-OPS-Chat-User` 指明的聊天账号申请一次性绑定码（10 分钟有效）。", errors: [429],
  request: jsonBody(z.object({
    name: z.string().max(100).nullable().optional(),
    workspace_id: z.string().max(100).nullable().optional().openapi({ description: "聊天平台的组织标识：Slack team、飞书 tenant_key、钉钉 corpId" }),
    workspace_name: z.string().max(100).nullable().optional(),
    origin: z.string().max(200).nullable().optional().openapi({ description: "聊天回调到达 OPS 时使用的地址；未设置 OPS_PUBLIC_URL 时，绑定链接用它作为来源" }),
  })),
  responses: okJson(z.object({ code: z.string(), expires_at: z.string(), url: z.string().nullable() })),
});
const codeParam = z.string().trim().min(4).max(20);
const preview = defineRoute({
  method: "get", path: "/im/bind-requests/{code}", module: "iam", action: "im.bind_preview", access: "user", resourceType: "chat_account",
  summary: "查看绑定请求", description: "哪个聊天账号申请了这个绑定码，以及绑定时是否需要再次输入密码（与确认身份同样限流）。", errors: [429],
  request: { params: z.object({ code: codeParam }) },
  responses: okJson(z.object({
    platform: z.string(), external_user_id: z.string(), name: z.string().nullable(), workspace_id: z.string().nullable(),
    workspace_name: z.string().nullable(), expires_at: z.string(), reauth_required: z.boolean(),
  })),
});
const confirm = defineRoute({
  method: "post", path: "/im/bindings", module: "iam", action: "im.bind", access: "user", resourceType: "chat_account",
  description: "把申请该绑定码的聊天账号绑定到我；该聊天账号已绑定他人时 409。", errors: [409, 429],
  request: jsonBody(z.object({
    code: codeParam,
    password: z.string().max(200).optional().openapi({ description: "当前会话登录已超过 5 分钟时必填" }),
    mfa_code: z.string().max(20).optional().openapi({ description: "开启两步验证的账号可用动态码代替密码" }),
  })),
  responses: okJson(binding),
});
const list = defineRoute({
  method: "get", path: "/im/bindings", module: "iam", action: "im.binding.list", access: "user",
  summary: "我的聊天账号", description: "我已绑定的聊天账号。", responses: okJson(z.array(binding)),
});
const remove = defineRoute({
  method: "delete", path: "/im/bindings/{id}", module: "iam", action: "im.unbind", access: "user", resourceType: "chat_account",
  description: "解绑我的某个聊天账号。", request: { params: z.object({ id: z.string().max(64) }) },
});

export function chatBindingRoutes(deps: IamDeps) {
  const bindings = createChatBindings(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(bindRequest, async (c) => {
      const chat = c.get("chat");
      if (!chat) throw badRequest("im.chat_user_required", [{ field: "X-OPS-Chat-User", message: "im.chat_user_required" }]);
      const body = c.req.valid("json");
      const who = { name: body.name ?? null, workspace_id: body.workspace_id ?? null, workspace_name: body.workspace_name ?? null };
      return ok(c, await bindings.request(chat, who, originOf(body.origin)), 201);
    })
    .openapi(preview, async (c) => ok(c, await bindings.preview(c.get("actor")!, c.req.valid("param").code)))
    .openapi(confirm, async (c) => {
      const { code, password, mfa_code } = c.req.valid("json");
      return ok(c, await bindings.confirm(c.get("actor")!, code, { password, mfa_code }));
    })
    .openapi(list, async (c) => ok(c, await bindings.list(c.get("actor")!)))
    .openapi(remove, async (c) => {
      await bindings.remove(c.get("actor")!, c.req.valid("param").id);
      return ok(c, { unbound: true });
    });
}

/** Only an http(s) origin (scheme, host, port) is kept: nothing of a path or query can ride into the link. */
function originOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}
