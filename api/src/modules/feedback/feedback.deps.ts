import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import type { Logger } from "../../platform/logger.ts";
import type { Notify } from "../notify/index.ts";

export type FeedbackDeps = {
  db: Db;
  clock: Clock;
  /** IAM's data scopes: feedback belongs to the submitter's department */
  scope: ScopeFilter;
  /** the submitter hears of status changes and replies; handlers of new feedback in their scope */
  notify: Pick<Notify, "send">;
  logger?: Logger;
  /** OPS_PUBLIC_URL: absolute links in chat cards and e-mails */
  publicUrl?: string;
};

/** Manage = change status, assign, reply as a handler; list = see feedback in one's data scope. */
export const FEEDBACK_LIST = "feedback:list";
export const FEEDBACK_MANAGE = "feedback:manage";
