/** Chat answers of the jobs engine: run, runs, pause, resume — through the API as the caller. */
import { jobRunCard, type Card, type JobRunData, type JobRunStatus } from "@ops/cards";
import { t, type Locale } from "@ops/shared";
import type { Job, JobRun } from "@ops/shared/contracts/jobs.ts";
import { data } from "./api-client.ts";
import type { Answer, AnswerCtx } from "./answer.ts";

const TIME_ZONE = "Asia/Shanghai";
const RUNS_SHOWN = 10;

const when = (iso: string | null, locale: Locale) =>
  iso ? new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date(iso)) : "—";
const seconds = (ms: number | null) => (ms === null ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

function triggerText(run: JobRun, locale: Locale): string {
  const trigger = t(locale, `jobs.trigger.${run.trigger}`);
  return run.triggered_by_name ? t(locale, "jobs.trigger_by", { trigger, who: run.triggered_by_name }) : trigger;
}

/** The job-run card of one run; `skipped` (never ran) shows as cancelled with its reason. */
export function runCard(run: JobRun, locale: Locale): Card {
  const status: JobRunStatus = run.status === "skipped" ? "cancelled" : run.status;
  const card: JobRunData = {
    runId: run.id, jobName: run.job_name, status, trigger: triggerText(run, locale), queuedAt: run.queued_at,
    ...(run.started_at ? { startedAt: run.started_at } : {}), ...(run.finished_at ? { finishedAt: run.finished_at } : {}),
    ...(run.duration_ms !== null ? { durationMs: run.duration_ms } : {}), attempt: run.attempt, maxAttempts: run.max_attempts,
    params: Object.fromEntries(Object.entries(run.params).map(([k, v]) => [k, String(v ?? "")])),
    ...(run.error || run.reason ? { error: run.error ?? t(locale, run.reason!) } : {}),
    ...(run.output && run.status !== "queued" ? { logTail: run.output.slice(-800) } : {}),
    timeZone: TIME_ZONE,
  };
  return jobRunCard(card, locale);
}

/** `run <job> k=v…`: queued now, with the caller's params over the job's defaults. */
export async function runJobAnswer(ctx: AnswerCtx, job: string, params: Record<string, string>): Promise<Answer> {
  const run = await data<JobRun>(ctx.api.as(ctx.caller).api.v1.jobs[":id"].runs.$post({ param: { id: job }, json: { params } }));
  return { kind: "job-run", card: runCard(run, ctx.locale), entity: { type: "job_run", id: run.id } };
}

/** `runs [job]`: the latest runs the caller may see, newest first. */
export async function runsAnswer(ctx: AnswerCtx, job?: string): Promise<Answer> {
  const api = ctx.api.as(ctx.caller).api.v1;
  const jobId = job ? (await data<Job>(api.jobs[":id"].$get({ param: { id: job } }))).id : undefined;
  const page = await data<{ items: JobRun[]; total: number }>(api.runs.$get({ query: { page: "1", page_size: String(RUNS_SHOWN), ...(jobId ? { job_id: jobId } : {}) } }));
  const l = ctx.locale;
  const title = job ? t(l, "jobs.chat.runs_title_job", { job }) : t(l, "jobs.chat.runs_title");
  const rows = page.items.map((r) => ({
    job: r.job_name, status: t(l, `jobs.status.${r.status}`), trigger: triggerText(r, l), duration: seconds(r.duration_ms), time: when(r.queued_at, l),
  }));
  const card: Card = {
    locale: l,
    header: { title, subtitle: `${page.total}`, tone: page.items.some((r) => r.status === "failed" || r.status === "timed_out") ? "warning" : "info" },
    blocks: rows.length
      ? [{
          type: "table",
          columns: ["job", "status", "trigger", "duration", "time"].map((key) => ({ key, label: t(l, `jobs.chat.col_${key}`) })),
          rows,
        }]
      : [{ type: "markdown", text: t(l, "jobs.chat.no_runs") }],
    summary: title,
    link: jobId ? `/jobs/${jobId}/runs` : "/jobs/runs",
  };
  return { kind: "job-runs", card };
}

/** `pause|resume <job>`: the schedule stops or starts again from now. */
export async function pauseAnswer(ctx: AnswerCtx, job: string, pause: boolean): Promise<Answer> {
  const api = ctx.api.as(ctx.caller).api.v1.jobs[":id"];
  const updated = await data<Job>(pause ? api.pause.$post({ param: { id: job } }) : api.resume.$post({ param: { id: job } }));
  const l = ctx.locale;
  const title = t(l, pause ? "jobs.chat.paused_title" : "jobs.chat.resumed_title", { job: updated.name });
  const text = pause
    ? t(l, "jobs.chat.paused_text", { usage: `${ctx.prefix} resume ${updated.name}`.trim() })
    : updated.next_fire_at ? t(l, "jobs.chat.next_fire", { time: when(updated.next_fire_at, l) }) : t(l, "jobs.chat.no_schedule");
  const card: Card = { locale: l, header: { title, tone: pause ? "warning" : "success" }, blocks: [{ type: "markdown", text }], summary: title, link: `/jobs/${updated.id}` };
  return { kind: "job", card, entity: { type: "job", id: updated.id } };
}

/** The run card's 取消运行 button: the card turns into the run as it ended. */
export async function cancelRunAction(ctx: AnswerCtx, runId: string): Promise<Answer> {
  const run = await data<JobRun>(ctx.api.as(ctx.caller).api.v1.runs[":id"].cancel.$post({ param: { id: runId } }));
  return { kind: "job-run", card: runCard(run, ctx.locale), entity: { type: "job_run", id: run.id } };
}

/** The run card's 重试 button: a new run with the same params, answered with its own card. */
export async function retryRunAction(ctx: AnswerCtx, runId: string): Promise<Answer> {
  const run = await data<JobRun>(ctx.api.as(ctx.caller).api.v1.runs[":id"].retry.$post({ param: { id: runId } }));
  return { kind: "job-run", card: runCard(run, ctx.locale), entity: { type: "job_run", id: run.id } };
}
