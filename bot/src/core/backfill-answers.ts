/** `backfill <job> <from>..<to>` in chat: one run per day through the API as the caller, and a progress card that follows them. */
import { jobBackfillCard, type Card } from "@ops/cards";
import type { Locale } from "@ops/shared";
import type { Job } from "@ops/shared/contracts/jobs.ts";
import { data, type ApiClient } from "./api-client.ts";
import type { Answer, AnswerCtx } from "./answer.ts";

/** What the API answers (POST …/backfill, GET …/backfills/{id}); the jobs engine's refresh adds `job_name`. */
export type BackfillProgress = {
  id: string; job_id: string; job_name?: string; from: string; to: string; parallelism: number; total: number;
  counts: Partial<Record<string, number>>; done: number; finished: boolean;
};

export function backfillCard(p: BackfillProgress, jobName: string, locale: Locale): Card {
  const n = (status: string) => p.counts[status] ?? 0;
  return jobBackfillCard({
    backfillId: p.id, jobId: p.job_id, jobName: p.job_name ?? jobName, from: p.from, to: p.to, total: p.total, done: p.done,
    succeeded: n("succeeded"), failed: n("failed") + n("timed_out"), running: n("running"), parallelism: p.parallelism,
  }, locale);
}

const answerOf = (p: BackfillProgress, jobName: string, locale: Locale): Answer =>
  ({ kind: "job-backfill", card: backfillCard(p, jobName, locale), entity: { type: "job_backfill", id: p.id, parent: p.job_id } });

/**
 * The runs are per day: a time given in chat (`2026-11-01T08:00`, which the grammar accepts) names
 * its day. The API checks the range (order, at most 366 days) and answers field errors.
 */
export async function backfillAnswer(ctx: AnswerCtx, job: string, from: string, to: string): Promise<Answer> {
  const api = ctx.api.as(ctx.caller).api.v1.jobs[":id"];
  const progress = await data<BackfillProgress>(api.backfill.$post({ param: { id: job }, json: { from: from.slice(0, 10), to: to.slice(0, 10) } }));
  return answerOf(progress, job, ctx.locale);
}

/** The card's 刷新进度 button: the progress now, in place (the card also follows the runs by itself). */
export function refreshBackfillAction(ctx: AnswerCtx, jobId: string, backfillId: string): Promise<Answer> {
  return readBackfill(ctx.api.as(ctx.caller), jobId, backfillId, ctx.locale);
}

/** A backfill's card as it is now, read as the given caller. */
export async function readBackfill(client: ReturnType<ApiClient["as"]>, jobId: string, backfillId: string, locale: Locale): Promise<Answer> {
  const api = client.api.v1.jobs[":id"];
  const [job, progress] = await Promise.all([
    data<Job>(api.$get({ param: { id: jobId } })),
    data<BackfillProgress>(api.backfills[":backfill_id"].$get({ param: { id: jobId, backfill_id: backfillId } })),
  ]);
  return answerOf(progress, job.name, locale);
}
