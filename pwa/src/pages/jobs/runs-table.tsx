import { Show, type JSX } from "solid-js";
import type { JobRun } from "../../data/jobs.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { DataTable } from "../../ui/data-table.tsx";
import { RunStatusBadge } from "./status-badges.tsx";

export function durationText(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Runs, newest first; the time opens the run. `showJob` off on a job's own page. */
export function RunsTable(props: { items: JobRun[]; showJob?: boolean }): JSX.Element {
  return (
    <DataTable
      testid="runs-table"
      items={props.items}
      rowKey={(r) => r.id}
      empty={tr("jobs.runs_empty")}
      columns={[
        {
          key: "run", header: tr("jobs.run"), primary: true, render: (r) => (
            <a class="cell-stack" href={`/jobs/runs/${r.id}`} data-testid="run-open">
              <strong>{props.showJob === false ? formatTime(r.queued_at) : r.job_name}</strong>
              <Show when={props.showJob !== false}><span class="muted">{formatTime(r.queued_at)}</span></Show>
            </a>
          ),
        },
        { key: "status", header: tr("jobs.run_status"), render: (r) => <RunStatusBadge status={r.status} /> },
        { key: "trigger", header: tr("jobs.trigger"), render: (r) => tr("jobs.trigger_by", { trigger: tr(`jobs.trigger.${r.trigger}`), who: r.triggered_by_name ?? tr("jobs.system") }) },
        { key: "attempt", header: tr("jobs.attempt"), render: (r) => `${r.attempt} / ${r.max_attempts}` },
        // {shardIndex} of {shardTotal}, as the job's placeholders count them (from 0)
        { key: "shard", header: tr("jobs.shard"), render: (r) => (r.shard_total == null ? "—" : <span data-testid="run-shard">{tr("jobs.shard_of", { index: r.shard_index ?? 0, total: r.shard_total })}</span>) },
        { key: "duration", header: tr("jobs.duration"), render: (r) => durationText(r.duration_ms) },
        { key: "biz", header: "bizDate", render: (r) => r.biz_date ?? "—" },
      ]}
    />
  );
}
