import { z } from "@hono/zod-openapi";
import { FLOW_LIMITS, FLOW_NODE_TYPES, TRIGGER_RULES, WAIT_DECISIONS } from "@ops/shared/contracts/flows.ts";
import { JOB_LIMITS, MISFIRE_POLICIES, RETRY_OUTCOMES } from "@ops/shared/contracts/jobs.ts";
import { listQuery } from "../../http/list-query.ts";

const paramValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
const paramsSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "jobs.param_name_invalid"), paramValue);

const retries = z.object({
  count: z.number().int().min(0).max(JOB_LIMITS.retriesMax),
  backoff: z.object({ type: z.enum(["fixed", "exponential"]), delay_ms: z.number().int().min(0).max(24 * 3600_000) }).strict(),
  on: z.array(z.enum(RETRY_OUTCOMES)).min(1).max(2).optional(),
}).strict();

/** One node; what its type asks for (job, config, condition) is checked by validate.ts so errors name `nodes[i].<field>`. */
export const flowNode = z.object({
  key: z.string().max(40).regex(new RegExp(FLOW_LIMITS.nodeKeyPattern), "flows.node_key_invalid"),
  name: z.string().min(1).max(100).optional(),
  type: z.enum(FLOW_NODE_TYPES),
  job: z.string().min(1).max(64).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  params: paramsSchema.optional(),
  trigger_rule: z.enum(TRIGGER_RULES).optional(),
  condition: z.string().min(1).max(FLOW_LIMITS.conditionMax).optional(),
  shards: z.number().int().min(1).max(FLOW_LIMITS.shardsMax).optional(),
  timeout_s: z.number().int().min(1).max(JOB_LIMITS.timeoutMaxS).optional(),
  retries: retries.optional(),
  position: z.object({ x: z.number(), y: z.number() }).strict().optional(),
  /** wait nodes: an approval gate (approval-gate.ts checks it, naming `nodes[i].approval.…`) */
  approval: z.object({
    definition: z.string().min(1).max(64),
    title: z.string().min(1).max(200).optional(),
    form: z.record(z.string().max(40), z.string().max(2000)).optional(),
    initiator: z.string().min(1).max(64).optional(),
  }).strict().optional(),
}).strict();

export const flowEdge = z.object({ from: z.string().min(1).max(40), to: z.string().min(1).max(40), when: z.boolean().optional() }).strict();

export const graphBody = z.object({
  nodes: z.array(flowNode).min(1).max(FLOW_LIMITS.nodesMax),
  edges: z.array(flowEdge).max(FLOW_LIMITS.edgesMax).default([]),
  params: paramsSchema.default({}),
});

export const createFlowBody = graphBody.extend({
  name: z.string().max(63).regex(new RegExp(FLOW_LIMITS.namePattern), "flows.name_invalid"),
  description: z.string().max(FLOW_LIMITS.descriptionMax).default(""),
  owner_department_id: z.string().min(1).max(64).nullable().optional(),
  tags: z.array(z.string().min(1).max(30)).max(10).default([]),
  /** as a job's (absent on update: kept); fired by the jobs scheduler (schedule.ts) */
  schedule: z.union([
    z.object({ cron: z.string().min(1).max(200), timezone: z.string().max(64).optional() }).strict(),
    z.object({ every_s: z.number().int().min(1).max(JOB_LIMITS.scheduleSecondsMax) }).strict(),
    z.object({ delay_s: z.number().int().min(1).max(JOB_LIMITS.scheduleSecondsMax) }).strict(),
    z.object({ at: z.iso.datetime({ offset: true }) }).strict(),
  ]).nullable().optional(),
  misfire: z.enum(MISFIRE_POLICIES).optional(),
  /** who hears of failed runs (absent: the owner); recipients as for jobs */
  alerts: z.object({
    on_failure: z.boolean().default(true),
    wait_grace_s: z.number().int().min(60).max(30 * 86_400).optional(),
    recipients: z.object({
      users: z.array(z.string().min(1).max(64)).max(50).default([]),
      roles: z.array(z.string().min(1).max(64)).max(20).default([]),
      owner: z.boolean().default(true),
    }).strict().default({ users: [], roles: [], owner: true }),
  }).strict().optional(),
}).strict();
export type CreateFlowInput = z.infer<typeof createFlowBody>;
export type GraphInput = z.infer<typeof graphBody>;

/** The designer's inline check: the graph alone (params optional), same checks as a save. */
export const validateFlowBody = graphBody.extend({
  /** an empty canvas is a finding (`nodes`), not a bad request */
  nodes: z.array(flowNode).max(FLOW_LIMITS.nodesMax),
  /** the flow being edited (its own name is not "taken"), optional */
  name: z.string().max(63).optional(),
}).strict();

export const listFlowsQuery = listQuery.extend({ q: z.string().max(200).optional(), tag: z.string().max(30).optional() });
export const listFlowRunsQuery = listQuery.extend({
  flow_id: z.string().max(64).optional(),
  /** comma-separated */
  status: z.string().max(200).optional(),
});
export const runFlowBody = z.object({ params: paramsSchema.default({}) }).strict();
export const continueBody = z.object({ decision: z.enum(WAIT_DECISIONS), comment: z.string().max(500).optional() }).strict();
export const idParam = z.object({ id: z.string().min(1).max(64) });
export const versionParam = idParam.extend({ version: z.coerce.number().int().min(1) });
export const nodeParam = idParam.extend({ key: z.string().min(1).max(40) });

export const nextFiresQuery = z.object({ count: z.coerce.number().int().min(1).max(50).default(5) });
