/** Approver resolution: who a rule names for one instance. */
export { administrators, resolveApprovers, type ResolveContext } from "./resolve-approvers.ts";
