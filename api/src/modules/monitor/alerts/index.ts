/** alerts/: rules, evaluation, alerts (ack/resolve/silence, escalation, recovery), silences, cards. (stub until built) */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../http/types.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { AlertRaiser, SeriesReader } from "../ports.ts";

export function createAlertsPart(_deps: MonitorDeps, _parts: { reader: SeriesReader }) {
  const raiser: AlertRaiser = { rulesOf: async () => [], raise: async () => {} };
  return {
    raiser,
    routes: new OpenAPIHono<AppEnv>(),
    /** the scheduler role evaluates rules and escalates (once across processes) */
    start(_roles: { scheduler: boolean }) {},
    /** one evaluation pass now (tests) */
    async evaluate() {},
    async stop() {},
  };
}
