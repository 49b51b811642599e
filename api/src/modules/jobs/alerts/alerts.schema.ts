import { z } from "@hono/zod-openapi";

const id = z.string().min(1).max(64);

/**
 * The `alerts` object of a job body. Absent: failure and timeout alert the owner (stored NULL, read
 * as DEFAULT_JOB_ALERTS). Every rule is
 * off unless named; recipients are users and roles by id plus the job's owner (its creator).
 */
export const jobAlertsSchema = z.object({
  on_failure: z.boolean().default(true),
  on_timeout: z.boolean().default(true),
  missed_start_grace_s: z.number().int().min(10).max(86_400).optional(),
  consecutive_failures: z.number().int().min(2).max(100).optional(),
  long_tail: z.object({
    factor: z.number().min(1).max(100),
    window: z.number().int().min(5).max(200),
  }).strict().optional(),
  recipients: z.object({
    users: z.array(id).max(50).default([]),
    roles: z.array(id).max(20).default([]),
    owner: z.boolean().default(true),
  }).strict().default({ users: [], roles: [], owner: true }),
}).strict().optional();
