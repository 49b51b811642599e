import { z } from "@hono/zod-openapi";
import { FEEDBACK_ACTIONS, FEEDBACK_CATEGORIES, FEEDBACK_LIMITS, FEEDBACK_STATUSES } from "@ops/shared/contracts/feedback.ts";
import { listQuery } from "../../http/list-query.ts";

const text = (max: number) => z.string().max(max).nullable().optional();

/** What the PWA reports about where the user was; all optional, all bounded. */
export const feedbackContext = z.object({
  app_version: text(50),
  language: text(20),
  viewport: z.string().regex(/^\d{1,5}x\d{1,5}$/).nullable().optional(),
  user_agent: text(500),
  online: z.boolean().nullable().optional(),
  last_error_id: text(128),
  last_error_reason: text(100),
}).strict();

export const createBody = z.object({
  category: z.enum(FEEDBACK_CATEGORIES),
  content: z.string().trim().min(1, { abort: true }).min(FEEDBACK_LIMITS.contentMin).max(FEEDBACK_LIMITS.contentMax),
  page: z.string().max(500).regex(/^\/(?!\/)/, "feedback.page_invalid").nullable().optional(),
  context: feedbackContext.default({}),
  /** a data URL (PNG or JPEG); type and decoded size are checked by the service (screenshot.ts) */
  screenshot: z.string().max(1_000_000).nullable().optional(),
}).strict();
export type CreateInput = z.infer<typeof createBody>;

const comment = z.string().trim().max(FEEDBACK_LIMITS.commentMax).optional();

export const transitionBody = z.object({
  action: z.enum(FEEDBACK_ACTIONS),
  comment,
  /** user id of the handler (managers only; triage/start default to the acting manager) */
  assignee: z.string().min(1).max(64).optional(),
}).strict();
export type TransitionInput = z.infer<typeof transitionBody>;

export const commentBody = z.object({
  content: z.string().trim().min(1).max(FEEDBACK_LIMITS.commentMax),
}).strict();

export const assignBody = z.object({
  /** null: nobody */
  assignee: z.string().min(1).max(64).nullable(),
}).strict();

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().max(200).refine((v) => v.split(",").every((x) => (values as readonly string[]).includes(x.trim())), {
    message: "validation.invalid",
  }).optional();

export const listFeedbackQuery = listQuery.extend({
  /** one status or several, comma-separated */
  status: csv(FEEDBACK_STATUSES),
  category: csv(FEEDBACK_CATEGORIES),
  /** a user id or username; `me`; `none` for unassigned */
  assignee: z.string().max(100).optional(),
  /** a user id or username */
  submitter: z.string().max(100).optional(),
  /** words in the content or page, or a number (FB-00042, 42) */
  q: z.string().max(200).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
export type ListFeedbackQuery = z.infer<typeof listFeedbackQuery>;

export const mineQuery = listQuery.extend({ status: csv(FEEDBACK_STATUSES) });
export type MineQuery = z.infer<typeof mineQuery>;

export const idParam = z.object({ id: z.string().min(1).max(64) });
