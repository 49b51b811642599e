/** security/: detectors over sign-ins, MFA, role grants and the audit chain, raising through alerts/. */
import { DEFAULT_LOCALE, t } from "@ops/shared";
import { MONITOR_DEFAULTS, type MonitorDeps } from "../monitor.deps.ts";
import type { AlertRaiser } from "../ports.ts";
import { AUDIT_COLUMNS, createAuditDetectors, type AuditRow } from "./audit-events.ts";
import { createCursors, readNew } from "./cursors.ts";
import { createLoginDetectors, LOGIN_COLUMNS, type LoginRow } from "./logins.ts";

const BATCH = 2_000;
/** a first start looks back this far (longer than any sensible window), not at the whole history */
const LOOKBACK_MS = 3_600_000;
/** the audit chain check (a full read of both logs) runs at most this often */
export const VERIFY_EVERY_MS = 3_600_000;

export function createSecurityPart(deps: MonitorDeps, parts: { raiser: AlertRaiser }) {
  const { db, clock, logger } = deps;
  const cursors = createCursors(db, clock);
  const onError = (e: unknown) => logger.error("security detector failed", { err: e });
  const logins = createLoginDetectors(db, parts.raiser, onError);
  const audits = createAuditDetectors(db, parts.raiser, onError);
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> | null = null;

  /** audit.verify_failed: the chain check, hourly (the time of the last one is a cursor too, so restarts keep the pace) */
  async function verify(): Promise<void> {
    if (!deps.verifyAudit) return;
    const now = clock.now().getTime();
    const last = await cursors.get("audit.verify");
    if (last !== null && now - last < VERIFY_EVERY_MS) return;
    if (!(await cursors.claim("audit.verify", last, now))) return;
    const report = await deps.verifyAudit();
    if (report.ok) return;
    const bad = (report.first_bad ?? {}) as { table?: string; seq?: number | null; reason?: string };
    const labels = { table: bad.table ?? "?" };
    const summary = t(DEFAULT_LOCALE, "monitor.security.audit_verify_failed", { table: labels.table, seq: bad.seq ?? "?", reason: bad.reason ?? "?" });
    for (const rule of await parts.raiser.rulesOf("audit.verify_failed")) {
      await parts.raiser.raise(rule.id, { detector: "audit.verify_failed", labels, value: 1, summary, at: new Date(now) });
    }
  }

  async function pass(): Promise<void> {
    const lookbackFrom = new Date(clock.now().getTime() - LOOKBACK_MS).toISOString();
    const steps: Array<[string, () => Promise<void>]> = [
      ["login log", () => readNew<LoginRow>(db, cursors, { name: "login_logs", table: "login_logs", columns: LOGIN_COLUMNS, lookbackFrom, batch: BATCH }, logins)],
      ["audit log", () => readNew<AuditRow>(db, cursors, { name: "audit_logs", table: "audit_logs", columns: AUDIT_COLUMNS, lookbackFrom, batch: BATCH }, audits)],
      ["audit verification", verify],
    ];
    // one failing step (a store hiccup) does not keep the others from running
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (e) {
        logger.error(`security detectors: ${what} failed`, { err: e });
      }
    }
  }

  /** one pass at a time: a tick that comes while one runs joins it */
  const detect = () => (running ??= pass().finally(() => (running = null)));

  return {
    start(roles: { scheduler: boolean }) {
      if (!roles.scheduler || timer) return;
      timer = setInterval(() => void detect(), deps.options?.evaluateMs ?? MONITOR_DEFAULTS.evaluateMs);
      timer.unref?.();
    },
    /** one detection pass now (tests) */
    detect,
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
