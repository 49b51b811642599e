import { FINAL_RUN_STATUSES } from "@ops/shared/contracts/jobs.ts";
import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show, type JSX } from "solid-js";
import { runsApi, type JobRun } from "../../data/jobs.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { createRunLog } from "./run-log.ts";
import { durationText } from "./runs-table.tsx";
import { RunStatusBadge } from "./status-badges.tsx";

// log and output reuse the dark, wrapping, scrolling `.diff pre` look; the wrapper spans its two columns
const isFinal = (r: JobRun) => FINAL_RUN_STATUSES.includes(r.status);

/** `/jobs/runs/{id}` (the chat's run card links here): the run's facts and its log, live while it runs. */
export default function RunPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const [run, { mutate, refetch }] = createResource(() => params.id, runsApi.get);
  return (
    <ResourceView resource={run} retry={refetch}>
      {(r) => (
        // keyed by id: another run (after a retry) gets its own log and stream
        <Show when={r().id} keyed>
          <RunView run={r()} onChanged={mutate} />
        </Show>
      )}
    </ResourceView>
  );
}

function RunView(props: { run: JobRun; onChanged: (r: JobRun) => void }): JSX.Element {
  const log = createRunLog(props.run.id, !isFinal(props.run), (ended) => {
    props.onChanged(ended);
    void log.reload();
  });
  const [busy, setBusy] = createSignal<"cancel" | "retry" | null>(null);
  const navigate = useNavigate();
  const cancel = async () => {
    setBusy("cancel");
    try {
      props.onChanged(await runsApi.cancel(props.run.id));
      notify.success(tr("jobs.run_cancelled"));
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };
  const retry = async () => {
    setBusy("retry");
    try {
      const next = await runsApi.retry(props.run.id);
      notify.success(tr("jobs.run_retried"));
      navigate(`/jobs/runs/${next.id}`);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };
  const r = () => props.run;
  return (
    <section class="page" data-testid="run-page">
      <PageHeader
        title={tr("jobs.run_page_title", { job: r().job_name })}
        subtitle={r().id}
        actions={
          <Show when={can("jobs:run")}>
            <Show when={!isFinal(r())}>
              <Button variant="danger" loading={busy() === "cancel"} onClick={cancel} data-testid="run-cancel">{tr("jobs.cancel_run")}</Button>
            </Show>
            <Show when={isFinal(r())}>
              <Button loading={busy() === "retry"} onClick={retry} data-testid="run-retry">{tr("jobs.retry_run")}</Button>
            </Show>
          </Show>
        }
      />
      <div class="card">
        <dl class="facts" data-testid="run-facts">
          <dt>{tr("jobs.run_status")}</dt><dd><RunStatusBadge status={r().status} /></dd>
          <dt>{tr("jobs.job")}</dt><dd><A href={`/jobs/${r().job_id}`} data-testid="run-job">{r().job_name}</A></dd>
          <dt>{tr("jobs.trigger")}</dt><dd>{tr("jobs.trigger_by", { trigger: tr(`jobs.trigger.${r().trigger}`), who: r().triggered_by_name ?? tr("jobs.system") })}</dd>
          <dt>{tr("jobs.run_params")}</dt><dd><code>{Object.entries(r().params).map(([k, v]) => `${k}=${String(v)}`).join("  ") || "—"}</code></dd>
          <dt>{tr("jobs.attempt")}</dt><dd>{r().attempt} / {r().max_attempts}</dd>
          <dt>{tr("jobs.queued_at")}</dt><dd>{formatTime(r().queued_at)}</dd>
          <dt>{tr("jobs.started_at")}</dt><dd>{formatTime(r().started_at)}</dd>
          <dt>{tr("jobs.finished_at")}</dt><dd>{formatTime(r().finished_at)}</dd>
          <dt>{tr("jobs.duration")}</dt><dd>{durationText(r().duration_ms)}</dd>
          <Show when={r().exit_code !== null}><dt>{tr("jobs.exit_code")}</dt><dd data-testid="run-exit-code">{r().exit_code}</dd></Show>
          <Show when={r().http_status !== null}><dt>{tr("jobs.http_status")}</dt><dd>{r().http_status}</dd></Show>
          <Show when={r().next_attempt_at}><dt>{tr("jobs.next_attempt_at")}</dt><dd>{formatTime(r().next_attempt_at)}</dd></Show>
        </dl>
        <Show when={r().error}><div class="alert alert--error" data-testid="run-error">{r().error}</div></Show>
        <Show when={r().reason}><div class="alert alert--warn">{r().reason}</div></Show>
      </div>
      <Show when={r().output}>
        <h2 class="section-title">{tr("jobs.output")}</h2>
        <div class="diff"><div class="form-grid__wide"><pre data-testid="run-output">{r().output}</pre></div></div>
      </Show>
      <h2 class="section-title">
        {tr("jobs.log")} <Show when={log.following()}><span class="badge badge--menu" data-testid="log-live">{tr("jobs.log_live")}</span></Show>
      </h2>
      <div class="diff"><div class="form-grid__wide"><pre data-testid="run-log">
        <Show when={log.chunks().length} fallback={<span class="muted">{tr("jobs.log_empty")}</span>}>
          <For each={log.chunks()}>{(c) => <span class={c.stream === "stderr" ? "text-danger" : c.stream === "system" ? "muted" : undefined} data-seq={c.seq}>{c.text}</span>}</For>
        </Show>
      </pre></div></div>
    </section>
  );
}
