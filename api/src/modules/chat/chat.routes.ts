import { OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError, pickLocale } from "@ops/shared";
import { ok } from "../../http/envelope.ts";
import { defineRoute, jsonBody, okJson } from "../../http/route.ts";
import type { AppEnv } from "../../http/types.ts";
import { validationHook } from "../../http/validation.ts";
import type { ChatConsoleSlot, ConsoleCaller } from "./chat.port.ts";

const card = z.record(z.string(), z.any()).openapi({ description: "一张卡片的网页 JSON（@ops/cards 的 WebCard）" });
const scalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

const command = defineRoute({
  module: "chat", access: "user", method: "post", path: "/chat/commands", action: "console.command", resourceType: "chat_command",
  description: "以我的身份执行一条聊天命令（语法与 Slack / 飞书 / 钉钉相同），结果以卡片返回。",
  request: jsonBody(z.object({ text: z.string().max(2000) })),
  responses: okJson(z.object({ cards: z.array(card) })),
});
const action = defineRoute({
  module: "chat", access: "user", method: "post", path: "/chat/actions", action: "console.action", resourceType: "chat_action",
  description: "点击卡片按钮：`update` 替换被点击的卡片，`cards` 追加在其后。",
  request: jsonBody(z.object({
    action: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/),
    value: z.record(z.string().max(64), scalar).default({}),
    inputs: z.record(z.string().max(64), z.string().max(4000)).default({}),
  })),
  responses: okJson(z.object({ update: card.nullable(), cards: z.array(card) })),
});

/** The built-in web chat console (DESIGN.md §5): the chat-ops flow with no IM account. */
export function chatRoutes(slot: ChatConsoleSlot) {
  const engine = () => {
    if (!slot.current) throw new AppError("chat.console_unavailable", { status: 503 });
    return slot.current;
  };
  const callerOf = (c: { get(k: "actor"): unknown; req: { header(n: string): string | undefined; query(n: string): string | undefined } }): ConsoleCaller => {
    const actor = c.get("actor") as { userId: string; locale: ConsoleCaller["locale"] };
    // As everywhere in the API: the user's stored language, unless the PWA names the one it shows (lang=).
    const lang = c.req.query("lang");
    return { authorization: c.req.header("authorization") ?? "", userId: actor.userId, locale: lang ? pickLocale(lang) : actor.locale };
  };
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(command, async (c) => ok(c, await engine().command(callerOf(c), c.req.valid("json").text)))
    .openapi(action, async (c) => ok(c, await engine().action(callerOf(c), c.req.valid("json"))));
}
