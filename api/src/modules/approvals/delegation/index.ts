/** Delegation while away: the store the engine asks at assignment, the service and routes. */
export { delegationAt, delegationNames } from "./delegation.store.ts";
export { createDelegations, type Delegations } from "./delegation.service.ts";
export { delegationsRoutes } from "./delegation.routes.ts";
