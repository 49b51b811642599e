/** Flows (DAGs of jobs): versioned definitions and instances. Others reach it only through this file. */
export { createFlows, type Flows } from "./flows.service.ts";
export { flowsRoutes } from "./flows.routes.ts";
export type { FlowsDeps } from "./flows.deps.ts";
export type { ApprovalGatePort } from "./approval-gate.port.ts";
export { flowsDemoSeeder } from "./flows.demo.ts";
export { flowsWidgets } from "./flows.widgets.ts";
