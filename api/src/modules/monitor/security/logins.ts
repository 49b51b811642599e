import { DEFAULT_LOCALE, t } from "@ops/shared";
import type { SecurityDetector } from "@ops/shared/contracts/monitor.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { AlertRaiser } from "../ports.ts";
import { windowText } from "./window-text.ts";

/** A sign-in attempt as the login log keeps it (only what the detectors look at). */
export type LoginRow = { seq: number | string; ts: string; username: string; success: number | string; ip: string | null };
export const LOGIN_COLUMNS = "ts, username, success, ip";

type Rule = Awaited<ReturnType<AlertRaiser["rulesOf"]>>[number];

/** A group of new attempts (one address, one account) and the newest of them: the end of the window it is counted over. */
function groups(rows: LoginRow[], keyOf: (r: LoginRow) => string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    const key = keyOf(r);
    if (key !== null && (out.get(key) ?? "") < r.ts) out.set(key, r.ts);
  }
  return out;
}

const since = (end: string, windowS: number) => new Date(Date.parse(end) - windowS * 1000).toISOString();

/**
 * The three sign-in detectors over a batch of new login log rows. Each group with new attempts is counted once per
 * pass over the rule's window (ending at its newest attempt, so a late pass counts what happened then): a burst of
 * fifty failures read in one pass is one raise with the count, and the alerts part keeps one alert per rule + group.
 */
export function createLoginDetectors(db: Db, raiser: AlertRaiser, onError: (e: unknown) => void) {
  const failed = (r: LoginRow) => Number(r.success) === 0;

  async function each(detector: SecurityDetector, group: Map<string, string>, count: (key: string, from: string, to: string) => Promise<number>, hit: (n: number, rule: Rule) => boolean, label: string, summaryKey: string) {
    if (group.size === 0) return;
    const rules = await raiser.rulesOf(detector);
    for (const rule of rules) {
      for (const [key, end] of group) {
        try {
          const n = await count(key, since(end, rule.window_s), end);
          if (!hit(n, rule)) continue;
          const summary = t(DEFAULT_LOCALE, summaryKey, { [label]: key, count: n, window: windowText(DEFAULT_LOCALE, rule.window_s) });
          await raiser.raise(rule.id, { detector, labels: { [label]: key }, value: n, summary, at: new Date(end) });
        } catch (e) {
          onError(e);
        }
      }
    }
  }

  const countOf = async (sql: string, params: unknown[]) => Number((await db.get<{ n: number | string }>(sql, params))?.n ?? 0);

  return async function detect(rows: LoginRow[]): Promise<void> {
    const failures = rows.filter(failed);
    await each(
      "login.failures_per_address", groups(failures, (r) => r.ip),
      (ip, from, to) => countOf("SELECT COUNT(*) AS n FROM login_logs WHERE ip = ? AND success = 0 AND ts > ? AND ts <= ?", [ip, from, to]),
      (n, rule) => n >= rule.threshold, "address", "monitor.security.failures_per_address",
    );
    await each(
      "login.failures_per_account", groups(failures, (r) => r.username),
      (name, from, to) => countOf("SELECT COUNT(*) AS n FROM login_logs WHERE username = ? AND success = 0 AND ts > ? AND ts <= ?", [name, from, to]),
      (n, rule) => n >= rule.threshold, "account", "monitor.security.failures_per_account",
    );
    await each(
      "login.many_addresses", groups(rows.filter((r) => !failed(r)), (r) => r.username),
      (name, from, to) => countOf("SELECT COUNT(DISTINCT ip) AS n FROM login_logs WHERE username = ? AND success = 1 AND ip IS NOT NULL AND ts > ? AND ts <= ?", [name, from, to]),
      (n, rule) => n > rule.threshold, "account", "monitor.security.many_addresses",
    );
  };
}
