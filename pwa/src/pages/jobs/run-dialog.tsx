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

/** Yesterday in the browser's calendar: what the API takes as bizDate when none is given (the job's zone may differ by a day at most). */
function yesterday(): string {
  const d = new Date(Date.now() - 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Run now: the job's default params as `k=v` lines plus bizDate, editable; the new run's page opens. */
export function RunDialog(props: { job: Job; onClose: () => void }): JSX.Element {
  const defaults = Object.entries(props.job.params).map(([k, v]) => `${k}=${v ?? ""}`);
  const [params, setParams] = createSignal([...defaults, ...("bizDate" in props.job.params ? [] : [`bizDate=${yesterday()}`])].join("\n"));
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const navigate = useNavigate();
  const submit = async () => {
    setBusy(true);
    try {
      const run = await jobsApi.run(props.job.id, parsePairs(params(), "="));
      notify.success(tr("jobs.run_started", { job: props.job.name }));
      props.onClose();
      navigate(`/jobs/runs/${run.id}`);
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
      title={tr("jobs.run_title", { job: props.job.name })}
      testid="run-dialog"
      onSubmit={submit}
      footer={
        <>
          <Button onClick={props.onClose}>{tr("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="run-submit">{tr("jobs.run_now")}</Button>
        </>
      }
    >
      <TextField label={tr("jobs.run_params")} name="params" multiline value={params()} onChange={setParams} description={tr("jobs.run_params_hint")} error={errors.of("params")} />
    </Dialog>
  );
}
