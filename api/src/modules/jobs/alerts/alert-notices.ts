import { pickLocale, t, type Locale } from "@ops/shared";
import type { Job, JobAlertKind } from "@ops/shared/contracts/jobs.ts";
import type { ScopeFilter } from "../../../platform/data-scope.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { Logger } from "../../../platform/logger.ts";
import { alertRecipients } from "./recipients.ts";

/** What the jobs engine needs of notify: `send` (inbox, e-mail, IM card per each user's preferences). */
export type AlertSender = { send(input: { type: string; recipients: string[]; data: Record<string, unknown> }): Promise<unknown> };

/** Notification type per alert kind (names in the shared catalogue, notify.type.<type>). */
export const ALERT_TYPES: Record<JobAlertKind | "recovered", string> = {
  failure: "job.failed",
  timeout: "job.timed_out",
  missed_start: "job.missed_start",
  consecutive_failures: "job.consecutive_failures",
  long_tail: "job.long_tail",
  recovered: "job.recovered",
};

export type AlertNotice = {
  kind: JobAlertKind | "recovered";
  job: Pick<Job, "id" | "name" | "alerts" | "created_by" | "owner_department_id">;
  runId: string | null;
  /** placeholders of the title and body (`jobs.alert.<kind>_title|_body`); a function gets the locale */
  words: (locale: Locale) => Record<string, unknown>;
};

/**
 * Sends one alert (or recovery) to the job's recipients, in each one's language, as a job-alert
 * card in chat (Retry / View log / Pause job), to those of them whose data scope covers the job. A failed send is logged: alerting never breaks a run.
 */
export async function sendAlert(deps: { db: Db; sender?: AlertSender; logger?: Logger; scope?: ScopeFilter }, n: AlertNotice): Promise<number> {
  if (!deps.sender) return 0;
  const people = await alertRecipients(deps.db, n.job, deps.scope);
  const byLocale = new Map<Locale, string[]>();
  for (const p of people) {
    const l = pickLocale(p.locale);
    byLocale.set(l, [...(byLocale.get(l) ?? []), p.id]);
  }
  for (const [locale, recipients] of byLocale) {
    const words = { job: n.job.name, ...n.words(locale) };
    try {
      await deps.sender.send({
        type: ALERT_TYPES[n.kind], recipients,
        data: {
          card: "job-alert", alert_kind: n.kind, job_id: n.job.id, job_name: n.job.name, run_id: n.runId,
          title: t(locale, `jobs.alert.${n.kind}_title`, words), body: t(locale, `jobs.alert.${n.kind}_body`, words),
          url: n.runId ? `/jobs/runs/${n.runId}` : `/jobs/${n.job.id}`,
        },
      });
    } catch (e) {
      deps.logger?.error("job alert failed to send", { err: e, job_id: n.job.id, kind: n.kind });
    }
  }
  return people.length;
}

/** Seconds or minutes, short (alert bodies). */
export function shortDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
