/** Internal hooks: a job or flow run when an instance ends approved or rejected (the schema and checks; run/ starts them). */
export { checkHooks, renderParam, type HookContext, type HookTargets } from "./hook-params.ts";
export { HOOKS_MAX, approvalHook } from "./hooks.schema.ts";
