import { z } from "@hono/zod-openapi";
import { TICKET_ACTIONS, TICKET_KINDS, TICKET_LIMITS, TICKET_PRIORITIES, TICKET_STATUSES } from "@ops/shared/contracts/tickets.ts";
import { listQuery } from "../../http/list-query.ts";

export const createBody = z.object({
  title: z.string().trim().min(1).max(TICKET_LIMITS.titleMax),
  kind: z.enum(TICKET_KINDS).default("issue"),
  priority: z.enum(TICKET_PRIORITIES).default("medium"),
  description: z.string().trim().max(TICKET_LIMITS.descriptionMax).default(""),
}).strict();
export type CreateInput = z.infer<typeof createBody>;

export const transitionBody = z.object({
  action: z.enum(TICKET_ACTIONS),
  comment: z.string().trim().max(TICKET_LIMITS.commentMax).optional(),
  /** user id or username of the engineer (assign only) */
  assignee: z.string().min(1).max(100).optional(),
}).strict();
export type TransitionInput = z.infer<typeof transitionBody>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().max(200).refine((v) => v.split(",").every((x) => (values as readonly string[]).includes(x.trim())), {
    message: "validation.invalid",
  }).optional();

export const listTicketsQuery = listQuery.extend({
  /** one status or several, comma-separated; `open` for every status with work left */
  status: z.string().max(200).refine((v) => v === "open" || v.split(",").every((x) => (TICKET_STATUSES as readonly string[]).includes(x.trim())), {
    message: "validation.invalid",
  }).optional(),
  kind: csv(TICKET_KINDS),
  priority: csv(TICKET_PRIORITIES),
  /** mine: I reported; assigned: assigned to me; to_review: waiting on my review; to_assign: waiting on my assignment */
  view: z.enum(["all", "mine", "assigned", "to_review", "to_assign"]).default("all"),
  /** words in the title or description, or a number (T-00042, 42) */
  q: z.string().max(200).optional(),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

export const idParam = z.object({ id: z.string().min(1).max(64) });
export const attachmentParam = z.object({ id: z.string().min(1).max(64), attachmentId: z.string().min(1).max(64) });
