import type { ApprovalNode } from "@ops/shared/contracts/approvals.ts";

/** When a task of `node` that became pending at `at` times out: null when the node has no timeout. */
export function dueAt(node: ApprovalNode, at: string): string | null {
  if (node.type !== "approver" || !node.timeout) return null;
  return new Date(Date.parse(at) + node.timeout.after_minutes * 60_000).toISOString();
}
