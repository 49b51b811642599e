import type { JSX } from "solid-js";
import { jobsApi, type Job } from "../../data/jobs.ts";
import { tr } from "../../providers/i18n.ts";
import { RunParamsDialog } from "./run-params-dialog.tsx";

/** Yesterday in the browser's calendar: what the API takes as bizDate when none is given (the job's zone may differ by a day at most). */
function yesterday(): string {
  const d = new Date(Date.now() - 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Run now: the job's default params as `k=v` lines plus bizDate, editable; the new run's page opens. */
export function RunDialog(props: { job: Job; onClose: () => void }): JSX.Element {
  const defaults = Object.entries(props.job.params).map(([k, v]) => `${k}=${v ?? ""}`);
  const initial = [...defaults, ...("bizDate" in props.job.params ? [] : [`bizDate=${yesterday()}`])].join("\n");
  const text = {
    title: tr("jobs.run_title", { job: props.job.name }), started: tr("jobs.run_started", { job: props.job.name }), submit: tr("jobs.run_now"),
    params: tr("jobs.run_params"), hint: tr("jobs.run_params_hint"), testid: "run-dialog", submitTestid: "run-submit",
  };
  return <RunParamsDialog text={text} initial={initial} run={(params) => jobsApi.run(props.job.id, params)} runPath={(id) => `/jobs/runs/${id}`} onClose={props.onClose} />;
}
