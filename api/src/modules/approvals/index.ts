/** Approvals: definitions, instances, tasks. Others reach it only through this file. */
export { createApprovals, type Approvals } from "./approvals.service.ts";
export { approvalsRoutes } from "./approvals.routes.ts";
export type { ApprovalsDeps } from "./approvals.deps.ts";
export type { HookTargets } from "./hooks/index.ts";
export { approvalsDemoSeeder } from "./approvals.demo.ts";
export { approvalsWidgets } from "./approvals.widgets.ts";
