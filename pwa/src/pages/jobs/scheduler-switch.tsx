import { createResource, createSignal, Show, type JSX } from "solid-js";
import { jobsApi } from "../../data/jobs.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";

/**
 * The global kill switch: a banner while every schedule is stopped, and for jobs:manage the
 * button that stops (after a confirmation: it affects every job) or restarts them.
 */
export function SchedulerSwitch(): JSX.Element {
  const [state, { mutate }] = createResource(() => jobsApi.scheduler().catch(() => null));
  const [confirming, setConfirming] = createSignal(false);
  const resume = async () => {
    mutate(await jobsApi.setScheduler(false));
    notify.success(tr("jobs.scheduler_resumed"));
  };
  return (
    <Show when={state()}>
      {(s) => (
        <div class="row" data-testid="scheduler-switch" data-paused={String(s().paused)}>
          <Show when={s().paused}>
            <div class="alert alert--warn" data-testid="scheduler-paused">{tr("jobs.scheduler_paused_banner", { time: formatTime(s().updated_at) })}</div>
          </Show>
          <Show when={can("jobs:manage")}>
            <Show
              when={s().paused}
              fallback={<Button size="sm" variant="danger" onClick={() => setConfirming(true)} data-testid="scheduler-pause">{tr("jobs.scheduler_pause")}</Button>}
            >
              <Button size="sm" variant="primary" onClick={() => void resume().catch(notifyError)} data-testid="scheduler-resume">{tr("jobs.scheduler_resume")}</Button>
            </Show>
          </Show>
          <ConfirmDialog
            open={confirming()}
            onOpenChange={setConfirming}
            title={tr("jobs.scheduler_pause")}
            message={tr("jobs.scheduler_pause_message")}
            confirmLabel={tr("jobs.scheduler_pause")}
            danger
            onConfirm={async () => {
              mutate(await jobsApi.setScheduler(true));
              notify.success(tr("jobs.scheduler_paused"));
            }}
          />
        </div>
      )}
    </Show>
  );
}
