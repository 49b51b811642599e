/** Delegation while away: the store the engine asks at assignment, the service and routes. */
export { delegationAt, delegationNames } from "./delegation.store.ts";
