import { OpenAPIHono, z } from "@hono/zod-openapi";
import { badRequest } from "@ops/shared";
import { defineRoute, jsonBody, okJson } from "../../http/route.ts";
import { ok } from "../../http/envelope.ts";
import { validationHook } from "../../http/validation.ts";
import type { AppEnv } from "../../http/types.ts";
import type { IamDeps } from "./iam.deps.ts";
import { createChatBindings } from "./chat-binding.ts";

const binding = z.object({ id: z.string(), platform: z.string(), external_user_id: z.string(), name: z.string().nullable(), created_at: z.string() });

const bindRequest = defineRoute({
  method: "post", path: "/im/bind-requests", module: "iam", action: "im.bind_request", access: "bot", resourceType: "chat_account",
  summary: "The bot asks for a one-time code (10 min) for the chat account in X-OPS-Chat-Platform / X-OPS-Chat-User",
  request: jsonBody(z.object({ name: z.string().max(100).nullable().optional() })),
  responses: okJson(z.object({ code: z.string(), expires_at: z.string(), url: z.string() })),
});
const confirm = defineRoute({
  method: "post", path: "/im/bindings", module: "iam", action: "im.bind", access: "user", resourceType: "chat_account",
  summary: "Bind the chat account that asked for this code to me",
  request: jsonBody(z.object({ code: z.string().trim().min(4).max(20) })),
  responses: okJson(binding),
});
const list = defineRoute({
  method: "get", path: "/im/bindings", module: "iam", action: "im.binding.list", access: "user",
  summary: "My bound chat accounts", responses: okJson(z.array(binding)),
});
const remove = defineRoute({
  method: "delete", path: "/im/bindings/{id}", module: "iam", action: "im.unbind", access: "user", resourceType: "chat_account",
  summary: "Unbind one of my chat accounts", request: { params: z.object({ id: z.string().max(64) }) },
});

export function chatBindingRoutes(deps: IamDeps) {
  const bindings = createChatBindings(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(bindRequest, async (c) => {
      const chat = c.get("chat");
      if (!chat) throw badRequest("im.chat_user_required", [{ field: "X-OPS-Chat-User", message: "im.chat_user_required" }]);
      return ok(c, await bindings.request(chat, c.req.valid("json").name ?? null), 201);
    })
    .openapi(confirm, async (c) => ok(c, await bindings.confirm(c.get("actor")!, c.req.valid("json").code)))
    .openapi(list, async (c) => ok(c, await bindings.list(c.get("actor")!)))
    .openapi(remove, async (c) => {
      await bindings.remove(c.get("actor")!, c.req.valid("param").id);
      return ok(c, { unbound: true });
    });
}
