import { z } from "@hono/zod-openapi";
import {
  ADD_POSITIONS, APPROVAL_LIMITS as L, APPROVAL_MODES, APPROVAL_NODE_TYPES, APPROVAL_STATUSES, APPROVER_TYPES, DEFINITION_STATUSES,
  FORM_FIELD_TYPES, ON_EMPTY, TASK_BOXES, TIMEOUT_ACTIONS,
} from "@ops/shared/contracts/approvals.ts";
import { listQuery } from "../../http/list-query.ts";
import { HOOKS_MAX, approvalHook } from "./hooks/index.ts";

const key = z.string().max(40).regex(new RegExp(L.nodeKeyPattern), "approvals.node_key_invalid");
const id = z.string().min(1).max(64);

const scalarField = z.object({
  key,
  type: z.enum(FORM_FIELD_TYPES),
  label: z.string().min(1).max(100),
  required: z.boolean().default(false),
  options: z.array(z.string().min(1).max(100)).max(100).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
}).strict();
export const formField = scalarField.extend({ columns: z.array(scalarField).max(20).optional() }).strict();

export const approverRule = z.object({
  type: z.enum(APPROVER_TYPES),
  users: z.array(id).max(50).optional(),
  role: z.string().min(1).max(64).optional(),
  level: z.number().int().min(1).max(10).optional(),
  field: z.string().max(40).optional(),
}).strict();

/** What a node's type asks for (approvers, cc) is checked by definitions/validate.ts, so errors name `nodes[i].<field>`. */
export const approvalNode = z.object({
  key,
  type: z.enum(APPROVAL_NODE_TYPES),
  name: z.string().min(1).max(100).optional(),
  approvers: approverRule.optional(),
  mode: z.enum(APPROVAL_MODES).optional(),
  ratio: z.number().int().min(1).max(100).optional(),
  on_empty: z.enum(ON_EMPTY).optional(),
  cc: approverRule.optional(),
  /** approver nodes only (definitions/validate.ts); escalate needs escalate_to */
  timeout: z.object({
    after_minutes: z.number().int().min(1).max(L.timeoutMinutesMax),
    action: z.enum(TIMEOUT_ACTIONS),
    escalate_to: approverRule.optional(),
  }).strict().optional(),
  /** subprocess nodes only (definitions/validate.ts checks the definition and the mapping at publish) */
  subprocess: z.object({
    definition: z.string().min(1).max(63),
    title: z.string().min(1).max(L.titleMax).optional(),
    form: z.record(z.string().min(1).max(40), z.string().max(500)).optional(),
  }).strict().optional(),
}).strict();

export const approvalEdge = z.object({
  from: z.string().min(1).max(40),
  to: z.string().min(1).max(40),
  condition: z.string().min(1).max(L.conditionMax).nullable().optional(),
}).strict();

export const definitionBody = z.object({
  key: z.string().max(63).regex(new RegExp(L.keyPattern), "approvals.key_invalid"),
  name: z.string().min(1).max(100),
  description: z.string().max(1000).default(""),
  form: z.array(formField).max(L.fieldsMax).default([]),
  nodes: z.array(approvalNode).min(1).max(L.nodesMax),
  edges: z.array(approvalEdge).max(L.nodesMax * 3).default([]),
  settings: z.object({ allow_withdraw: z.boolean().default(true), dedupe: z.boolean().default(true) }).strict().default({ allow_withdraw: true, dedupe: true }),
  /** internal hooks: a job or flow to run when an instance ends approved or rejected (hooks/) */
  hooks: z.array(approvalHook).max(HOOKS_MAX).default([]),
}).strict();
export type DefinitionInput = z.infer<typeof definitionBody>;
/** The designer's inline check: the graph and form alone. */
export const validateDefinitionBody = z.object({
  form: z.array(formField).max(L.fieldsMax).default([]),
  nodes: z.array(approvalNode).max(L.nodesMax),
  edges: z.array(approvalEdge).max(L.nodesMax * 3).default([]),
}).strict();

export const listDefinitionsQuery = listQuery.extend({ status: z.enum(DEFINITION_STATUSES).optional(), q: z.string().max(200).optional() });

export const startBody = z.object({
  definition: z.string().min(1).max(64),
  title: z.string().min(1).max(L.titleMax),
  form: z.record(z.string(), z.unknown()).default({}),
  /** initiator_select nodes: node key → chosen user ids */
  approvers: z.record(z.string(), z.array(id).min(1).max(20)).default({}),
}).strict();
export type StartInput = z.infer<typeof startBody>;

export const listInstancesQuery = listQuery.extend({
  status: z.enum(APPROVAL_STATUSES).optional(),
  definition: z.string().max(64).optional(),
  initiator_id: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
});
export const listTasksQuery = listQuery.extend({
  box: z.enum(TASK_BOXES).default("todo"),
  /** words in the title, the initiator's name, the node's name or the definition's name */
  q: z.string().max(200).optional(),
  /** a definition's key */
  definition: z.string().max(64).optional(),
});

const comment = z.string().max(L.commentMax).optional();
export const decideBody = z.object({ comment }).strict();
export const rejectBody = z.object({ comment, to: z.string().min(1).max(40).default("end") }).strict();
export const transferBody = z.object({ to_user: id, comment }).strict();
export const addApproverBody = z.object({ user: id, position: z.enum(ADD_POSITIONS), comment }).strict();
export const commentBody = z.object({ text: z.string().min(1).max(L.commentMax) }).strict();
export const withdrawBody = z.object({ comment }).strict();
export const idParam = z.object({ id });
