/** alerts/: rules, evaluation, alerts (ack/resolve/silence, escalation, recovery), silences, cards. */
import type { MonitorDeps } from "../monitor.deps.ts";
import type { SeriesReader } from "../ports.ts";
import { alertsRoutes } from "./alerts.routes.ts";
import { createAlertsService } from "./alerts.service.ts";

export { alertsDemoSeeder } from "./alerts.demo.ts";
export { alertsWidgets } from "./alerts.widget.ts";
export { BUILTIN_SECURITY_RULES } from "./rules.ts";

export function createAlertsPart(deps: MonitorDeps, parts: { reader: SeriesReader }) {
  const service = createAlertsService(deps, parts.reader);
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<unknown> | null = null;
  const pass = () => {
    // a pass still running when the next tick comes is not doubled in this process (the lease covers the others)
    running ??= service.evaluate().catch((e: unknown) => deps.logger.warn("alert evaluation pass failed", { err: e })).finally(() => (running = null));
    return running;
  };
  return {
    raiser: service.raiser,
    service,
    routes: alertsRoutes(service),
    /** the scheduler role evaluates rules and escalates (once across processes) */
    start(roles: { scheduler: boolean }) {
      if (!roles.scheduler || timer) return;
      timer = setInterval(() => void pass(), deps.options?.evaluateMs ?? 30_000);
      timer.unref?.();
    },
    /** one evaluation pass now (tests); null when another process held the lease */
    evaluate: () => service.evaluate(),
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
