import { z } from "@hono/zod-openapi";
import { CHANGE_SET_STATUSES, CONFIG_NAME_PATTERN, RELEASE_STATUSES } from "@ops/shared/contracts/config.ts";
import { listQuery } from "../../../http/list-query.ts";

export const tableParam = z.object({ table: z.string().min(1).max(63).regex(CONFIG_NAME_PATTERN, "config.release.table_name") });
export const idParam = z.object({ id: z.string().min(1).max(64) });
export const releaseParam = tableParam.extend({ n: z.coerce.number().int().min(1).max(1_000_000_000) });

export const graySpec = z.object({
  percent: z.number().int().min(0).max(100).optional(),
  consumers: z.array(z.string().min(1).max(200)).max(200).optional(),
  labels: z.array(z.string().min(1).max(100)).max(50).optional(),
}).strict();

const values = z.record(z.string(), z.unknown());
export const configChange = z.discriminatedUnion("op", [
  z.object({ op: z.literal("create"), values, department_id: z.string().max(64).nullable().optional() }).strict(),
  z.object({ op: z.literal("update"), key: z.string().min(1).max(500), values }).strict(),
  z.object({ op: z.literal("delete"), key: z.string().min(1).max(500) }).strict(),
]);

export const changeSetBody = z.object({
  changes: z.array(configChange).min(1).max(1000),
  reason: z.string().max(2000),
  /** ISO-8601 instant in the future: released then, once approved */
  release_at: z.string().max(40).nullable().optional(),
  gray: graySpec.nullable().optional(),
}).strict();

export const changeSetsQuery = listQuery.extend({
  table: z.string().max(63).optional(),
  status: z.enum(CHANGE_SET_STATUSES).optional(),
  mine: z.enum(["1", "0"]).optional(),
});

export const releasesQuery = listQuery.extend({ status: z.enum(RELEASE_STATUSES).optional() });
export const reasonBody = z.object({ reason: z.string().trim().min(1, "validation.required").max(2000) }).strict();
export const releaseBody = z.object({ note: z.string().max(2000).default(""), gray: graySpec.nullable().optional() }).strict();
