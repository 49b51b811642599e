import { z } from "@hono/zod-openapi";
import { HOOK_EVENTS } from "@ops/shared/contracts/approvals.ts";

/** At most this many hooks per definition. */
export const HOOKS_MAX = 10;

/** `{on, run: {type, ref}, params}`; refs and templates are checked against the store by check-hooks.ts, naming `hooks[i].…`. */
export const approvalHook = z.object({
  on: z.enum(HOOK_EVENTS),
  run: z.object({ type: z.enum(["job", "flow"]), ref: z.string().min(1).max(64) }).strict(),
  params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "jobs.param_name_invalid"), z.string().max(2000)).default({}),
}).strict();
