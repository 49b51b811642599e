import { useNavigate } from "@solidjs/router";
import { createSignal, type JSX } from "solid-js";
import { jobsApi, type Job } from "../../data/jobs.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { parsePairs } from "./job-form-model.ts";

/** Backfill: one run per day from..to with that day as bizDate; then the job's backfill runs are listed. */
export function BackfillDialog(props: { job: Job; onClose: () => void }): JSX.Element {
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [parallelism, setParallelism] = createSignal("1");
  const [params, setParams] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const navigate = useNavigate();
  const submit = async () => {
    setBusy(true);
    // read before closing: the dialog's job goes away with it
    const jobId = props.job.id;
    try {
      const r = await jobsApi.backfill(jobId, { from: from().trim(), to: to().trim(), parallelism: Number(parallelism()) || 1, params: parsePairs(params(), "=") });
      notify.success(tr("jobs.backfill_started", { n: r.total }));
      props.onClose();
      navigate(`/jobs/runs?job_id=${encodeURIComponent(jobId)}&trigger=backfill`);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && props.onClose()}
      title={tr("jobs.backfill_title", { job: props.job.name })}
      testid="backfill-dialog"
      onSubmit={submit}
      footer={
        <>
          <Button onClick={props.onClose}>{tr("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="backfill-submit">{tr("jobs.backfill")}</Button>
        </>
      }
    >
      <div class="form-grid">
        <TextField label={tr("jobs.backfill_from")} name="from" required placeholder="2026-11-01" value={from()} onChange={setFrom} error={errors.of("from")} />
        <TextField label={tr("jobs.backfill_to")} name="to" required placeholder="2026-11-07" value={to()} onChange={setTo} error={errors.of("to")} />
        <TextField label={tr("jobs.backfill_parallelism")} name="parallelism" type="number" inputMode="numeric" value={parallelism()} onChange={setParallelism} error={errors.of("parallelism")} />
      </div>
      <TextField label={tr("jobs.run_params")} name="params" multiline value={params()} onChange={setParams} description={tr("jobs.backfill_params_hint")} error={errors.of("params")} />
    </Dialog>
  );
}
