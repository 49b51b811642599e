import { OpenAPIHono, z } from "@hono/zod-openapi";
import { CHANNEL_UNAVAILABLE_REASONS } from "@ops/shared/contracts/notify.ts";
import { ok } from "../../../http/envelope.ts";
import { localeOf } from "../../../http/locale.ts";
import { defineRoute, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { RECIPIENT_CHANNELS } from "../notify.schema.ts";
import type { Locale } from "@ops/shared";
import type { ChannelAvailability } from "@ops/shared/contracts/notify.ts";

const availability = z.object({
  channel: z.enum(RECIPIENT_CHANNELS),
  available: z.boolean(),
  reason: z.enum(CHANNEL_UNAVAILABLE_REASONS).nullable(),
  message: z.string().nullable(),
  setup: z.union([
    z.object({ audience: z.literal("admin"), env: z.array(z.string()) }),
    z.object({ audience: z.literal("user"), href: z.string() }),
  ]).nullable(),
});

const list = defineRoute({
  module: "notify", access: "user", resourceType: "notify_preferences",
  method: "get", path: "/notifications/channels", action: "channels.list",
  summary: "我的通知渠道", description: "哪些渠道现在能通知到我；不可用的给出原因（代码与说明）以及由谁在哪里设置（管理员：环境变量；本人：PWA 中的页面）。",
  responses: okJson(z.array(availability)),
});

/** The channel availability route; `availability` is the notify service's. */
export function channelRoutes(notify: { channels: { availability(userId: string, locale: Locale): Promise<ChannelAvailability[]> } }) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => ok(c, await notify.channels.availability(c.get("actor")!.userId, localeOf(c))));
}
