import { createEffect, createResource, createSignal, onCleanup, Show, type JSX } from "solid-js";
import { directorySyncApi, type SyncProvider, type SyncRun } from "../../../data/directory-sync.ts";
import { tr } from "../../../providers/i18n.ts";
import { notifyError } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { ConfirmDialog } from "../../../ui/confirm-dialog.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { Select } from "../../../ui/select.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { StatusBadge, SyncHistory } from "./sync-history.tsx";
import { SyncPlanView } from "./sync-plan-view.tsx";
import { flattenDepartments } from "../../../data/tree.ts";
import { departmentsOrEmpty } from "../dept-options.ts";

const POLL_MS = 1000;

/**
 * /iam/directory-sync: pick a configured platform, preview the diff (a dry run), apply it (confirmed;
 * runs in the background, polled every second for its progress), and the recent runs.
 */
export default function DirectorySyncPage(): JSX.Element {
  const [providers, { refetch: refetchProviders }] = createResource(() => directorySyncApi.providers().then((r) => r.providers));
  const [chosen, setChosen] = createSignal<SyncProvider | "">("");
  const provider = () => chosen() || providers()?.[0] || "";
  const [history, { refetch: refetchHistory }] = createResource(provider, (p) => directorySyncApi.runs(p as SyncProvider).then((r) => r.items));
  // department ids in the diff are shown by name
  const [depts, { refetch: refetchDepts }] = createResource(departmentsOrEmpty);
  const deptNames = () => new Map(flattenDepartments(depts() ?? []).map((d) => [d.id, d.name]));
  const [run, setRun] = createSignal<SyncRun | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);

  // Poll the running apply until it ends; then the history shows it too. A failed poll is told once
  // and retried (the run goes on at the server whatever the network does).
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pollFailed = false;
  onCleanup(() => clearTimeout(timer));
  createEffect(() => {
    const r = run();
    clearTimeout(timer);
    if (r?.status !== "running") return;
    timer = setTimeout(async () => {
      try {
        const next = await directorySyncApi.run(r.id);
        pollFailed = false;
        setRun(next);
        if (next.status !== "running") {
          void refetchHistory();
          void refetchDepts();
        }
      } catch (e) {
        if (!pollFailed) notifyError(e);
        pollFailed = true;
        setRun({ ...r });
      }
    }, POLL_MS);
  });

  const preview = async () => {
    setBusy(true);
    try {
      setRun(await directorySyncApi.start(provider() as SyncProvider, true, true));
      void refetchHistory();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => setRun(await directorySyncApi.start(provider() as SyncProvider, false, false));
  const running = () => run()?.status === "running";

  return (
    <section class="page" data-testid="directory-sync-page">
      <PageHeader title={tr("nav.directory_sync")} subtitle={tr("dsync.subtitle")} />
      <ResourceView resource={providers} retry={refetchProviders}>
        {(list) => (
          <Show when={list().length} fallback={<p class="alert alert--info" data-testid="dsync-none">{tr("dsync.none_configured")}</p>}>
            <div class="card">
              <div class="row dsync-bar">
                <Select
                  label={tr("dsync.provider")}
                  name="provider"
                  options={list().map((p) => ({ value: p, label: tr(`dsync.provider_${p}`) }))}
                  value={provider()}
                  onChange={(v) => { setChosen(v as SyncProvider); setRun(null); }}
                  disabled={running()}
                />
                <Button onClick={preview} loading={busy()} disabled={running()} data-testid="dsync-preview">{tr("dsync.preview")}</Button>
                <Button variant="primary" onClick={() => setConfirming(true)} disabled={running() || busy()} data-testid="dsync-apply">{tr("dsync.apply")}</Button>
              </div>
              <Show when={run()}>{(r) => <RunView run={r()} deptNames={deptNames()} />}</Show>
            </div>
          </Show>
        )}
      </ResourceView>
      <Show when={providers()?.length}>
        <h2>{tr("dsync.history")}</h2>
        <ResourceView resource={history} retry={refetchHistory}>{(items) => <SyncHistory runs={items()} deptNames={deptNames()} />}</ResourceView>
      </Show>
      <ConfirmDialog
        open={confirming()}
        onOpenChange={setConfirming}
        title={tr("dsync.apply_title")}
        message={tr("dsync.apply_confirm", { provider: provider() ? tr(`dsync.provider_${provider()}`) : "" })}
        confirmLabel={tr("dsync.apply")}
        onConfirm={apply}
      />
    </section>
  );
}

/** The current run: a progress bar while it runs, then its status and plan (a preview's diff or what was applied). */
function RunView(props: { run: SyncRun; deptNames: Map<string, string> }): JSX.Element {
  const r = () => props.run;
  return (
    <div class="dsync-run" data-testid="dsync-run" data-status={r().status}>
      <Show when={r().status === "running" || !r().dry_run}>
        <p data-testid="dsync-progress-text">{tr("dsync.running", { progress: Math.round(r().progress) })}</p>
        <progress class="dsync-run__bar" max={100} value={r().progress} aria-label={tr("dsync.progress")} data-testid="dsync-progress" />
      </Show>
      <Show when={r().status !== "running"}>
        <h3>
          {tr(r().dry_run ? "dsync.preview_title" : "dsync.result_title")} <StatusBadge status={r().status} />
        </h3>
        <Show when={r().status === "failed"}><p class="alert alert--error">{tr("dsync.failed", { error: r().error ?? "" })}</p></Show>
        <Show when={r().plan}>{(plan) => <SyncPlanView plan={plan()} deptNames={props.deptNames} />}</Show>
      </Show>
    </div>
  );
}
