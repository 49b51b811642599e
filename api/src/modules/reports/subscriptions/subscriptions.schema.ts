import { z } from "@hono/zod-openapi";
import { SUBSCRIPTION_FREQUENCIES } from "@ops/shared/contracts/reports.ts";
import { listQuery } from "../../../http/list-query.ts";

export const paramValues = z.record(z.string().max(63), z.union([z.string().max(2000), z.array(z.string().max(2000)).max(500)]));

export const subscriptionBody = z.object({
  report_id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  frequency: z.enum(SUBSCRIPTION_FREQUENCIES),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "reports.delivery.invalid_time"),
  day: z.number().int().min(1).max(28).nullable().optional(),
  time_zone: z.string().min(1).max(64).default("Asia/Shanghai"),
  params: paramValues.default({}),
  recipients: z.array(z.object({ type: z.enum(["user", "role", "dept"]), id: z.string().min(1).max(100) })).min(1).max(200),
  channels: z.array(z.enum(["im", "email"])).min(1).max(2).default(["im"]),
  attach_xlsx: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type SubscriptionInput = z.infer<typeof subscriptionBody>;
export const subscriptionPatch = subscriptionBody.partial();
export type SubscriptionPatch = z.infer<typeof subscriptionPatch>;

export const subscriptionListQuery = listQuery.extend({ report_id: z.string().max(100).optional() });
export const idParam = z.object({ id: z.string().min(1).max(100) });
