import { z } from "@hono/zod-openapi";
import {
  CONCURRENCY_POLICIES, JOB_LIMITS, JOB_STATUSES, JOB_TYPES, MISFIRE_POLICIES, RETRY_OUTCOMES,
} from "@ops/shared/contracts/jobs.ts";
import { listQuery } from "../../../http/list-query.ts";
import { CONFIG_SCHEMAS } from "../runners/index.ts";
import { jobAlertsSchema } from "../alerts/index.ts";

export { CONFIG_SCHEMAS };

const schedule = z.union([
  z.object({ cron: z.string().min(1).max(200), timezone: z.string().max(64).optional() }).strict(),
  z.object({ every_s: z.number().int().min(1).max(JOB_LIMITS.scheduleSecondsMax) }).strict(),
  z.object({ delay_s: z.number().int().min(1).max(JOB_LIMITS.scheduleSecondsMax) }).strict(),
  z.object({ at: z.iso.datetime({ offset: true }) }).strict(),
]).nullable();

const retries = z.object({
  count: z.number().int().min(0).max(JOB_LIMITS.retriesMax),
  backoff: z.object({ type: z.enum(["fixed", "exponential"]), delay_ms: z.number().int().min(0).max(24 * 3600_000) }).strict(),
  on: z.array(z.enum(RETRY_OUTCOMES)).min(1).max(2).optional(),
}).strict();

const paramValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
const paramsSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "jobs.param_name_invalid"), paramValue);

const fields = {
  name: z.string().max(63).regex(new RegExp(JOB_LIMITS.namePattern), "jobs.name_invalid"),
  description: z.string().max(JOB_LIMITS.descriptionMax).default(""),
  type: z.enum(JOB_TYPES),
  /** checked per type (CONFIG_SCHEMAS) by the service, so errors name `config.<field>` */
  config: z.record(z.string(), z.unknown()),
  params: paramsSchema.default({}),
  schedule: schedule.default(null),
  misfire: z.enum(MISFIRE_POLICIES).default("fire_once"),
  catch_up_max: z.number().int().min(1).max(JOB_LIMITS.catchUpMax).default(10),
  retries: retries.default({ count: 0, backoff: { type: "fixed", delay_ms: 0 } }),
  timeout_s: z.number().int().min(1).max(JOB_LIMITS.timeoutMaxS).default(3600),
  concurrency: z.enum(CONCURRENCY_POLICIES).default("allow"),
  /** 0 first; the queue's priority */
  priority: z.number().int().min(0).max(100).default(0),
  /** runs per trigger, one per shard ({shardIndex} of {shardTotal}); absent: 1 */
  shards: z.number().int().min(1).max(JOB_LIMITS.shardsMax).optional(),
  /** default: the creator's department */
  owner_department_id: z.string().min(1).max(64).nullable().optional(),
  tags: z.array(z.string().min(1).max(30)).max(JOB_LIMITS.tagsMax).default([]),
  /** who hears of failures, timeouts, missed starts, failure streaks and long runs (alerts/) */
  alerts: jobAlertsSchema,
};

export const createJobBody = z.object(fields).strict();
export type CreateJobInput = z.infer<typeof createJobBody>;

/** PUT replaces the definition; the type may change only with a config of the new type. */
export const updateJobBody = createJobBody;

export const runParamsBody = z.object({ params: paramsSchema.default({}) }).strict();

export const listJobsQuery = listQuery.extend({
  q: z.string().max(200).optional(),
  type: z.enum(JOB_TYPES).optional(),
  status: z.enum(JOB_STATUSES).optional(),
  owner_department_id: z.string().max(64).optional(),
  tag: z.string().max(30).optional(),
});
export type ListJobsQuery = z.infer<typeof listJobsQuery>;

export const nextFiresQuery = z.object({ count: z.coerce.number().int().min(1).max(50).default(5) });

export const backfillBody = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  parallelism: z.number().int().min(1).max(10).default(1),
  params: paramsSchema.default({}),
}).strict();

export const idParam = z.object({ id: z.string().min(1).max(64) });

export const importBody = z.object({
  yaml: z.string().min(1).max(900_000),
  mode: z.enum(["create", "upsert"]).default("create"),
  dry_run: z.boolean().default(false),
}).strict();
