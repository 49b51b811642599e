/** A card job from the API ({kind, data}) → the neutral Card the adapters render. */
import { flowAlertCard, jobAlertCard, notificationCard, type Card, type FlowAlertKind, type JobAlertKind } from "@ops/cards";
import type { Locale } from "@ops/shared";
import type { FlowRun } from "@ops/shared/contracts/flows.ts";
import type { JobRun } from "@ops/shared/contracts/jobs.ts";
import { approvalCardOf } from "./approval-answers.ts";
import { configNoticeCard } from "./config-answers.ts";
import { backfillCard, type BackfillProgress } from "./backfill-answers.ts";
import { flowRunCardOf } from "./flow-answers.ts";
import { runCard } from "./job-answers.ts";
import { ticketCardOf } from "./ticket-answers.ts";
import { reportDigestCardOf } from "./report-answers.ts";
import { alertCardOf } from "./alert-answers.ts";
import type { Ticket } from "@ops/shared/contracts/tickets.ts";

/**
 * Notifications and digests are the only kinds the API sends today; a kind a later module adds
 * before its template exists still reaches the user, shown as a notification.
 */
export function cardOf(kind: string, data: Record<string, unknown>, locale: Locale, reader?: string): Card {
  // an approval (notices and the engine's refreshes; data: the card facts): Approve / Reject only on the reader's own task
  if (kind === "approval") return approvalCardOf(data, locale, reader);
  // a config notice (release, rollback, change set asked for or decided; data: ConfigNoticeData)
  if (kind === "config-diff") return configNoticeCard(data, locale);
  // a run's card, refreshed by the jobs engine at each status change (data: the run as the API answers it)
  if (kind === "job-run") return runCard(data as unknown as JobRun, locale);
  // a flow run's card, refreshed by the flows engine as its nodes change (data: the FlowRun)
  if (kind === "flow-run") return flowRunCardOf(data as unknown as FlowRun, locale);
  // a backfill's progress, refreshed by the jobs engine as its runs change (data: the progress plus job_name)
  if (kind === "job-backfill") return backfillCard(data as unknown as BackfillProgress, String(data.job_name ?? data.job_id ?? ""), locale);
  // a monitoring alert (notices, chat-group posts and the monitor module's refreshes; data: AlertCardData)
  if (kind === "alert") return alertCardOf(data, locale);
  // a ticket's card, refreshed by the tickets module at each transition (data: the Ticket)
  if (kind === "ticket") return ticketCardOf(data as unknown as Ticket, locale);
  // a subscription's report digest, computed as its recipient (data: ReportDigestData, or {card: ReportDigestData})
  if (kind === "report-digest") {
    const digest = reportDigestCardOf(data, locale);
    if (digest) return digest;
  }
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  // a job alert or recovery (jobs alerts through notify): Retry / View log / Pause job
  if (kind === "job-alert" && str(data.job_id)) {
    return jobAlertCard({
      kind: (str(data.alert_kind) ?? "failure") as JobAlertKind, jobId: str(data.job_id)!, jobName: str(data.job_name) ?? "",
      runId: str(data.run_id), title: str(data.title) ?? kind, body: str(data.body), createdAt: str(data.createdAt),
    }, locale);
  }
  // a flow alert or recovery (flows alerts through notify): Retry from the failed nodes / View run
  if (kind === "flow-alert" && str(data.flow_id) && str(data.run_id)) {
    return flowAlertCard({
      kind: (str(data.alert_kind) ?? "failure") as FlowAlertKind, flowId: str(data.flow_id)!, flowName: str(data.flow_name) ?? "",
      runId: str(data.run_id)!, title: str(data.title) ?? kind, body: str(data.body), createdAt: str(data.createdAt),
    }, locale);
  }
  return notificationCard({
    notificationId: str(data.notificationId),
    type: str(data.type) ?? kind,
    title: str(data.title) ?? kind,
    body: str(data.body),
    critical: data.critical === true,
    createdAt: str(data.createdAt),
    readAt: str(data.readAt) ?? null,
    link: str(data.link),
  }, locale);
}
