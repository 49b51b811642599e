/** A backfill of a job over a date range: one run per day, with progress that follows the runs as they end. */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Button, type Card, type Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";

export type JobBackfillData = {
  backfillId: string;
  jobId: string;
  jobName: string;
  from: string;
  to: string;
  /** periods (days), one run each */
  total: number;
  /** runs that ended, whatever the outcome */
  done: number;
  succeeded: number;
  /** failed or timed out */
  failed: number;
  running: number;
  parallelism?: number;
  link?: string;
};

export const jobBackfillText: Dict = {
  "zh-CN": {
    title: "补数 ${job}",
    subtitle: "${state} · ${done}/${total}",
    summary: "补数 ${job} ${state} ${done}/${total}",
    state_running: "进行中",
    state_done: "已完成",
    state_failed: "已完成（有失败）",
    range: "日期范围",
    range_value: "${from} 至 ${to}",
    periods: "周期",
    periods_value: "${total} 天，每天一次运行，同时最多 ${parallelism} 个",
    progress: "进度",
    progress_value: "${bar} ${done}/${total}",
    outcome: "结果",
    outcome_value: "成功 ${succeeded} · 失败 ${failed} · 运行中 ${running}",
    open: "查看补数运行",
    refresh: "刷新进度",
  },
  en: {
    title: "Backfill ${job}",
    subtitle: "${state} · ${done}/${total}",
    summary: "Backfill ${job} ${state} ${done}/${total}",
    state_running: "in progress",
    state_done: "done",
    state_failed: "done with failures",
    range: "Dates",
    range_value: "${from} to ${to}",
    periods: "Periods",
    periods_value: "${total} days, one run each, at most ${parallelism} at once",
    progress: "Progress",
    progress_value: "${bar} ${done}/${total}",
    outcome: "Outcome",
    outcome_value: "succeeded ${succeeded} · failed ${failed} · running ${running}",
    open: "Backfill runs",
    refresh: "Refresh",
  },
};

const BAR = 10;

/** A ten-cell text bar: every platform shows it, none needs an image. */
function bar(done: number, total: number): string {
  const filled = total > 0 ? Math.min(BAR, Math.floor((done / total) * BAR)) : BAR;
  return `${"▓".repeat(filled)}${"░".repeat(BAR - filled)}`;
}

export function jobBackfillCard(data: JobBackfillData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(jobBackfillText, locale);
  const finished = data.done >= data.total;
  const state = !finished ? "running" : data.failed ? "failed" : "done";
  const tone: Tone = !finished ? "info" : data.failed ? "warning" : "success";
  const link = data.link ?? `/jobs/runs?job_id=${encodeURIComponent(data.jobId)}&trigger=backfill`;
  const counts = { done: data.done, total: data.total };
  // The card follows the runs by itself; the button is for a copy whose refresh was missed (and it
  // makes the card interactive on DingTalk, whose buttonless replies can never be updated).
  const buttons: Button[] = finished ? [] : [actionButton(tr("refresh"), "job.backfill_refresh", { job_id: data.jobId, backfill_id: data.backfillId })];
  buttons.push(linkButton(tr("open"), link));
  return {
    locale,
    header: { title: tr("title", { job: data.jobName }), subtitle: tr("subtitle", { state: tr(`state_${state}`), ...counts }), tone },
    blocks: [
      {
        type: "fields",
        fields: [
          { label: tr("range"), value: tr("range_value", { from: data.from, to: data.to }) },
          { label: tr("periods"), value: tr("periods_value", { total: data.total, parallelism: data.parallelism ?? 1 }) },
          { label: tr("progress"), value: tr("progress_value", { bar: bar(data.done, data.total), ...counts }) },
          { label: tr("outcome"), value: tr("outcome_value", { succeeded: data.succeeded, failed: data.failed, running: data.running }) },
        ],
      },
      { type: "actions", buttons },
    ],
    summary: tr("summary", { job: data.jobName, state: tr(`state_${state}`), ...counts }),
    link,
  };
}
