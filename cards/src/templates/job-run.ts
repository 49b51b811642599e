/** One run of a job: status, timing, parameters, the tail of its log, and cancel / retry. */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Button, type Card, type Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatPairs, runTimingFields } from "./format.ts";

export type JobRunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled" | "timed_out";

export type JobRunData = {
  runId: string;
  jobName: string;
  status: JobRunStatus;
  /** who or what started it, already readable (e.g. "lina via Slack", "schedule 0 2 * * *") */
  trigger: string;
  queuedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  attempt?: number;
  maxAttempts?: number;
  params?: Record<string, string>;
  /** last lines of the log, plain text */
  logTail?: string;
  error?: string;
  link?: string;
  timeZone?: string;
};

export const jobRunText: Dict = {
  "zh-CN": {
    title: "任务 ${job}",
    subtitle: "${status} · 运行 ${run}",
    summary: "任务 ${job} ${status}",
    status_queued: "排队中",
    status_running: "运行中",
    status_succeeded: "成功",
    status_failed: "失败",
    status_cancelled: "已取消",
    status_timed_out: "超时",
    trigger: "触发",
    started_at: "开始时间",
    queued_at: "入队时间",
    finished_at: "结束时间",
    duration: "耗时",
    attempt: "尝试",
    attempt_value: "第 ${attempt}/${max} 次",
    params: "参数",
    error: "错误",
    log: "日志（末尾）",
    cancel: "取消运行",
    cancel_confirm_title: "确认取消？",
    cancel_confirm_text: "正在执行的步骤会被中止。",
    retry: "重试",
    log_link: "查看完整日志",
  },
  en: {
    title: "Job ${job}",
    subtitle: "${status} · run ${run}",
    summary: "Job ${job} ${status}",
    status_queued: "queued",
    status_running: "running",
    status_succeeded: "succeeded",
    status_failed: "failed",
    status_cancelled: "cancelled",
    status_timed_out: "timed out",
    trigger: "Triggered by",
    started_at: "Started",
    queued_at: "Queued",
    finished_at: "Finished",
    duration: "Duration",
    attempt: "Attempt",
    attempt_value: "${attempt} of ${max}",
    params: "Parameters",
    error: "Error",
    log: "Log (tail)",
    cancel: "Cancel run",
    cancel_confirm_title: "Cancel this run?",
    cancel_confirm_text: "The step in progress is stopped.",
    retry: "Retry",
    log_link: "Full log",
  },
};

const TONE: Record<JobRunStatus, Tone> = {
  queued: "neutral",
  running: "info",
  succeeded: "success",
  failed: "danger",
  cancelled: "neutral",
  timed_out: "danger",
};

export function jobRunCard(data: JobRunData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(jobRunText, locale);
  const status = tr(`status_${data.status}`);
  const link = data.link ?? `/jobs/runs/${encodeURIComponent(data.runId)}`;
  const fields = [
    ...runTimingFields(tr, data, locale),
    ...(data.attempt ? [{ label: tr("attempt"), value: tr("attempt_value", { attempt: data.attempt, max: data.maxAttempts ?? data.attempt }) }] : []),
    ...(data.params && Object.keys(data.params).length ? [{ label: tr("params"), value: formatPairs(data.params) }] : []),
  ];
  const blocks: Block[] = [{ type: "fields", fields }];
  if (data.error) blocks.push({ type: "fields", fields: [{ label: tr("error"), value: data.error }] });
  if (data.logTail) blocks.push({ type: "markdown", text: `**${tr("log")}**\n${fence(data.logTail)}` });

  const buttons: Button[] = [];
  if (data.status === "queued" || data.status === "running")
    buttons.push(actionButton(tr("cancel"), "job.cancel", { run_id: data.runId }, {
      style: "danger",
      confirm: { title: tr("cancel_confirm_title"), text: tr("cancel_confirm_text") },
    }));
  if (data.status === "failed" || data.status === "timed_out" || data.status === "cancelled")
    buttons.push(actionButton(tr("retry"), "job.retry", { run_id: data.runId }, { style: "primary" }));
  buttons.push(linkButton(tr("log_link"), link));
  blocks.push({ type: "actions", buttons });

  return {
    locale,
    header: { title: tr("title", { job: data.jobName }), subtitle: tr("subtitle", { status, run: data.runId }), tone: TONE[data.status] },
    blocks,
    summary: tr("summary", { job: data.jobName, status }),
    link,
  };
}

/** Log text in a code fence; backticks inside cannot close it early. */
function fence(text: string): string {
  return "```\n" + text.replace(/```/g, "'''").trimEnd() + "\n```";
}
