import { A } from "@solidjs/router";
import { createSignal, onCleanup, Show, type JSX } from "solid-js";
import { jobsApi, runsApi, type BackfillProgress, type Job, type JobRun } from "../../data/jobs.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { parsePairs } from "./job-form-model.ts";
import { RunsTable } from "./runs-table.tsx";

/** How often a running backfill's progress is asked for (the progress endpoint; no push for it). */
const POLL_MS = 1_000;
/** Ended without success: what the progress bar counts as failed. */
const FAILED: Array<JobRun["status"]> = ["failed", "timed_out", "cancelled", "skipped"];

/**
 * Backfill: one run per day from..to with that day as bizDate. Once started the dialog shows the
 * backfill's progress (a bar of ended/total, failures counted) and its runs, asked again every
 * second until every run ended or the dialog closes.
 */
export function BackfillDialog(props: { job: Job; onClose: () => void }): JSX.Element {
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [parallelism, setParallelism] = createSignal("1");
  const [params, setParams] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [progress, setProgress] = createSignal<BackfillProgress | null>(null);
  const [runs, setRuns] = createSignal<JobRun[]>([]);
  const errors = createFormErrors();
  // read once: the dialog's job goes away with it
  const jobId = props.job.id;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  onCleanup(() => {
    closed = true;
    clearTimeout(timer);
  });

  const follow = async (backfillId: string) => {
    try {
      const [p, page] = await Promise.all([
        jobsApi.backfillProgress(jobId, backfillId),
        runsApi.list({ backfill_id: backfillId, page_size: 100, sort: "queued_at" }),
      ]);
      if (closed) return;
      setProgress(p);
      setRuns([...page.items].sort((a, b) => (a.biz_date ?? "").localeCompare(b.biz_date ?? "")));
      if (!p.finished) timer = setTimeout(() => void follow(backfillId), POLL_MS);
    } catch (e) {
      if (!closed) notifyError(e);
    }
  };

  const submit = async () => {
    if (progress()) return props.onClose();
    setBusy(true);
    try {
      const r = await jobsApi.backfill(jobId, { from: from().trim(), to: to().trim(), parallelism: Number(parallelism()) || 1, params: parsePairs(params(), "=") });
      notify.success(tr("jobs.backfill_started", { n: r.total }));
      errors.clear();
      setProgress(r);
      void follow(r.id);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  const failed = (p: BackfillProgress) => FAILED.reduce((n, s) => n + (p.counts[s] ?? 0), 0);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && props.onClose()}
      title={tr("jobs.backfill_title", { job: props.job.name })}
      testid="backfill-dialog"
      onSubmit={submit}
      footer={
        <Show
          when={progress()}
          fallback={
            <>
              <Button onClick={props.onClose}>{tr("common.cancel")}</Button>
              <Button type="submit" variant="primary" loading={busy()} data-testid="backfill-submit">{tr("jobs.backfill")}</Button>
            </>
          }
        >
          <A class="btn btn--secondary btn--md" href={`/jobs/runs?job_id=${encodeURIComponent(jobId)}&trigger=backfill`} onClick={props.onClose}>{tr("jobs.backfill_all_runs")}</A>
          <Button type="submit" variant="primary" data-testid="backfill-close">{tr("common.close")}</Button>
        </Show>
      }
    >
      <Show
        when={progress()}
        fallback={
          <>
            <div class="form-grid">
              <TextField label={tr("jobs.backfill_from")} name="from" required placeholder="2026-11-01" value={from()} onChange={setFrom} error={errors.of("from")} />
              <TextField label={tr("jobs.backfill_to")} name="to" required placeholder="2026-11-07" value={to()} onChange={setTo} error={errors.of("to")} />
              <TextField label={tr("jobs.backfill_parallelism")} name="parallelism" type="number" inputMode="numeric" value={parallelism()} onChange={setParallelism} error={errors.of("parallelism")} />
            </div>
            <TextField label={tr("jobs.run_params")} name="params" multiline value={params()} onChange={setParams} description={tr("jobs.backfill_params_hint")} error={errors.of("params")} />
          </>
        }
      >
        {(p) => (
          <div class="backfill-progress" data-testid="backfill-progress" data-done={p().done} data-total={p().total} data-finished={String(p().finished)}>
            <label class="backfill-progress__label">
              <span>{tr("jobs.backfill_progress")}</span>
              <progress class="backfill-progress__bar" max={p().total} value={p().done} />
            </label>
            <p data-testid="backfill-counts">{tr("jobs.backfill_counts", { done: p().done, total: p().total, failed: failed(p()) })}</p>
            <Show when={p().finished}>
              <p class="muted" data-testid="backfill-finished">{tr("jobs.backfill_finished")}</p>
            </Show>
            <h3 class="section-title">{tr("jobs.backfill_runs")}</h3>
            <RunsTable items={runs()} showJob={false} />
          </div>
        )}
      </Show>
    </Dialog>
  );
}
