import { A } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import { jobsApi, type Job } from "../../data/jobs.ts";
import { can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { BackfillDialog } from "./backfill-dialog.tsx";
import { RunDialog } from "./run-dialog.tsx";

export type JobAction = "run" | "pause" | "resume" | "delete" | "backfill";
export type PendingJobAction = { action: JobAction; job: Job };

/** The buttons a reader may use: run (jobs:run), pause/resume, edit and delete (jobs:manage). */
export function JobActionButtons(props: { job: Job; onAction: (a: JobAction, job: Job) => void; size?: "sm" | "md" }): JSX.Element {
  const size = () => props.size ?? "sm";
  return (
    <span class="row row--tight">
      <Show when={can("jobs:run")}>
        <Button size={size()} variant="primary" onClick={() => props.onAction("run", props.job)} data-testid="job-run">{tr("jobs.run_now")}</Button>
      </Show>
      <Show when={can("jobs:manage")}>
        <Show
          when={props.job.status === "enabled"}
          fallback={<Button size={size()} onClick={() => props.onAction("resume", props.job)} data-testid="job-resume">{tr("jobs.resume")}</Button>}
        >
          <Button size={size()} onClick={() => props.onAction("pause", props.job)} data-testid="job-pause">{tr("jobs.pause")}</Button>
        </Show>
        <A class={`btn btn--secondary btn--${size()}`} href={`/jobs/${props.job.id}/edit`} data-testid="job-edit">{tr("common.edit")}</A>
        <Button size={size()} variant="danger" onClick={() => props.onAction("delete", props.job)} data-testid="job-delete">{tr("common.delete")}</Button>
      </Show>
    </span>
  );
}

/** The dialogs behind the buttons; pause and resume ask nothing (both are undone by the other). */
export function JobActionDialogs(props: { pending: PendingJobAction | null; onClose: () => void; onChanged: () => void; onDeleted?: () => void }): JSX.Element {
  const job = () => props.pending?.job;
  return (
    <>
      <Show when={props.pending?.action === "run" && job()}>{(j) => <RunDialog job={j()} onClose={props.onClose} />}</Show>
      <Show when={props.pending?.action === "backfill" && job()}>{(j) => <BackfillDialog job={j()} onClose={props.onClose} />}</Show>
      <ConfirmDialog
        open={props.pending?.action === "delete"}
        onOpenChange={(o) => !o && props.onClose()}
        title={tr("jobs.delete_title")}
        message={tr("jobs.delete_message", { job: job()?.name ?? "" })}
        confirmLabel={tr("common.delete")}
        danger
        onConfirm={async () => {
          await jobsApi.remove(job()!.id);
          notify.success(tr("jobs.deleted", { job: job()!.name }));
          (props.onDeleted ?? props.onChanged)();
        }}
      />
    </>
  );
}

/** Pause or resume at once, with a toast either way. */
export async function toggleJob(action: "pause" | "resume", job: Job): Promise<Job> {
  const updated = await (action === "pause" ? jobsApi.pause(job.id) : jobsApi.resume(job.id));
  notify.success(tr(action === "pause" ? "jobs.paused" : "jobs.resumed", { job: job.name }));
  return updated;
}
