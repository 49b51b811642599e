import { z } from "@hono/zod-openapi";
import { WIDGET_KINDS, WIDGET_TONES } from "@ops/shared/contracts/workbench.ts";

/** Response shapes of the workbench routes (shared/src/contracts/workbench.ts in zod, for OpenAPI and the typed client). */
const link = z.object({ label: z.string(), href: z.string().openapi({ example: "/notifications" }) });

const item = z.object({
  title: z.string(),
  subtitle: z.string().nullable(),
  href: z.string().nullable(),
  at: z.string().nullable(),
  tone: z.enum(WIDGET_TONES).nullable(),
});

export const widgetView = z
  .object({
    id: z.string().openapi({ example: "notify.unread" }),
    kind: z.enum(WIDGET_KINDS),
    title: z.string(),
    order: z.number(),
    status: z.enum(["ok", "error"]),
    count: z.number().int().nullable(),
    items: z.array(item).max(5),
    more: link.nullable(),
    empty: z.object({ text: z.string(), action: link.nullable() }).nullable(),
    error: z.object({ reason: z.string(), message: z.string(), retryable: z.boolean() }).nullable(),
    loaded_at: z.string(),
  })
  .openapi("WorkbenchWidget");

export const workbenchView = z.object({ widgets: z.array(widgetView), generated_at: z.string() }).openapi("Workbench");

export const widgetParams = z.object({
  id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" }, example: "notify.unread" }),
});
