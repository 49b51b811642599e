import type { ApprovalDelegation } from "@ops/shared/contracts/approvals.ts";
import { api, type Query } from "./client.ts";
import type { Page } from "./types.ts";

export type { ApprovalDelegation };
export type DelegationState = ApprovalDelegation["state"];
export const DELEGATION_STATES: readonly DelegationState[] = ["active", "scheduled", "ended"];

/** What POST /approval-delegations takes: the caller's own unless user_id (approvals:design). */
export type DelegationInput = { delegate_id: string; starts_at: string; ends_at: string; definitions?: string[]; reason: string; user_id?: string };

/** Delegation while away (代理): mine (I hand over, or I take over), a new one, remove. */
export const approvalDelegationsApi = {
  list: (q: Query = {}) => api.get<Page<ApprovalDelegation>>("/approval-delegations", q),
  create: (input: DelegationInput) => api.post<ApprovalDelegation>("/approval-delegations", input),
  remove: (id: string) => api.del<{ id: string }>(`/approval-delegations/${encodeURIComponent(id)}`),
};
