/** security/: detectors over sign-ins, MFA, role grants and the audit chain, raising through alerts/. (stub until built) */
import type { MonitorDeps } from "../monitor.deps.ts";
import type { AlertRaiser } from "../ports.ts";

export function createSecurityPart(_deps: MonitorDeps, _parts: { raiser: AlertRaiser }) {
  return {
    start(_roles: { scheduler: boolean }) {},
    /** one detection pass now (tests) */
    async detect() {},
    async stop() {},
  };
}
