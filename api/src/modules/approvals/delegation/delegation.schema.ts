import { z } from "@hono/zod-openapi";
import { APPROVAL_LIMITS as L } from "@ops/shared/contracts/approvals.ts";
import { listQuery } from "../../../http/list-query.ts";

const id = z.string().min(1).max(64);
const instant = z.string().datetime({ offset: true });

export const delegationBody = z.object({
  /** whose tasks: the caller by default; someone else needs approvals:design */
  user_id: id.optional(),
  delegate_id: id,
  starts_at: instant,
  ends_at: instant,
  /** definition keys; absent or null: every definition */
  definitions: z.array(z.string().min(1).max(64)).min(1).max(50).nullable().optional(),
  reason: z.string().max(L.delegationReasonMax).default(""),
}).strict();
export type DelegationInput = z.infer<typeof delegationBody>;

export const listDelegationsQuery = listQuery.extend({
  /** mine: where I hand over or take over (default); all: everyone's (approvals:design) */
  view: z.enum(["mine", "all"]).default("mine"),
  user_id: id.optional(),
  state: z.enum(["active", "scheduled", "ended"]).optional(),
});
export type ListDelegationsQuery = z.infer<typeof listDelegationsQuery>;
