/**
 * A job alert from the jobs engine (through the notification center): failure, timeout, missed
 * start, a failure streak or an unusually long run, with Retry / View log / Pause job; and the
 * recovery notice that closes it (View log only).
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Button, type Card, type Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatTime } from "./format.ts";

export type JobAlertKind = "failure" | "timeout" | "missed_start" | "consecutive_failures" | "long_tail" | "recovered";

export type JobAlertData = {
  kind: JobAlertKind;
  jobId: string;
  jobName: string;
  /** the run the alert is about; absent for an occurrence the scheduler never fired */
  runId?: string;
  /** already in the reader's language (the API words it) */
  title: string;
  body?: string;
  createdAt?: string;
  timeZone?: string;
};

export const jobAlertText: Dict = {
  "zh-CN": {
    subtitle: "${kind} · ${job}",
    kind_failure: "运行失败",
    kind_timeout: "运行超时",
    kind_missed_start: "未按时启动",
    kind_consecutive_failures: "连续失败",
    kind_long_tail: "耗时偏长",
    kind_recovered: "已恢复",
    retry: "重试",
    view_log: "查看日志",
    view_job: "查看任务",
    pause: "暂停任务",
    pause_confirm_title: "暂停任务 ${job}？",
    pause_confirm_text: "暂停后不再按计划运行，可随时恢复。",
  },
  en: {
    subtitle: "${kind} · ${job}",
    kind_failure: "Failed",
    kind_timeout: "Timed out",
    kind_missed_start: "Missed start",
    kind_consecutive_failures: "Failing repeatedly",
    kind_long_tail: "Ran long",
    kind_recovered: "Recovered",
    retry: "Retry",
    view_log: "View log",
    view_job: "View job",
    pause: "Pause job",
    pause_confirm_title: "Pause job ${job}?",
    pause_confirm_text: "It stops running on its schedule until resumed.",
  },
};

const TONE: Record<JobAlertKind, Tone> = {
  failure: "danger", timeout: "danger", consecutive_failures: "danger", missed_start: "warning", long_tail: "warning", recovered: "success",
};

/** Kinds where running the same thing again is the first thing to try. */
const RETRYABLE: JobAlertKind[] = ["failure", "timeout", "consecutive_failures"];

export function jobAlertCard(data: JobAlertData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(jobAlertText, locale);
  const link = data.runId ? `/jobs/runs/${encodeURIComponent(data.runId)}` : `/jobs/${encodeURIComponent(data.jobId)}`;
  const blocks: Block[] = [];
  if (data.body) blocks.push({ type: "markdown", text: data.body });
  if (data.createdAt) blocks.push({ type: "context", text: formatTime(data.createdAt, data.timeZone) });
  const buttons: Button[] = [];
  if (data.runId && RETRYABLE.includes(data.kind)) buttons.push(actionButton(tr("retry"), "job.retry", { run_id: data.runId }, { style: "primary" }));
  buttons.push(linkButton(data.runId ? tr("view_log") : tr("view_job"), link));
  if (data.kind !== "recovered")
    buttons.push(actionButton(tr("pause"), "job.pause", { job_id: data.jobId }, {
      style: "danger",
      confirm: { title: tr("pause_confirm_title", { job: data.jobName }), text: tr("pause_confirm_text") },
    }));
  blocks.push({ type: "actions", buttons });
  return {
    locale,
    header: { title: data.title, subtitle: tr("subtitle", { kind: tr(`kind_${data.kind}`), job: data.jobName }), tone: TONE[data.kind] },
    blocks,
    summary: data.title,
    link,
  };
}
