import { DEFAULT_JOB_ALERTS, type Job, type JobType, type RunStatus } from "@ops/shared/contracts/jobs.ts";
import type { FlowNode, FlowNodeStatus } from "@ops/shared/contracts/flows.ts";
import { FLOW_REF_PATTERN } from "../../jobs/index.ts";
import type { FlowsDeps } from "../flows.deps.ts";
import { parseOutput, type FlowRunRow, type NodeRow } from "./run.store.ts";

/** A job run behind a step, as the engine reads it. */
export type StepRow = {
  id: string;
  node_key: string;
  status: RunStatus;
  output: string | null;
  exit_code: number | string | null;
  http_status: number | string | null;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
  shard_index: number | string | null;
};

/** What conditions and `{nodes.X…}` see of a node. */
export type NodeFacts = { status: FlowNodeStatus; output: unknown; exit_code: number | null; http_status: number | null };

const num = (v: number | string | null) => (v === null || v === undefined ? null : Number(v));

/** A node's state from its runs (one per shard): running while any runs, then succeeded only if all did. */
export function fromSteps(steps: StepRow[]): Pick<NodeRow, "status" | "output" | "error" | "started_at" | "finished_at" | "duration_ms"> & { facts: Omit<NodeFacts, "status"> } {
  const sorted = [...steps].sort((a, b) => Number(a.shard_index ?? 0) - Number(b.shard_index ?? 0));
  const live = sorted.filter((s) => s.status === "queued" || s.status === "running");
  const started = sorted.map((s) => s.started_at).filter((x): x is string => !!x).sort()[0] ?? null;
  const outputs = sorted.map((s) => parseOutput(s.output));
  const output = sorted.length === 1 ? outputs[0] : outputs;
  const facts = { output, exit_code: num(sorted[0]?.exit_code ?? null), http_status: num(sorted[0]?.http_status ?? null) };
  if (live.length) {
    return { status: live.some((s) => s.status === "running") ? "running" : "queued", output: null, error: null, started_at: started, finished_at: null, duration_ms: null, facts };
  }
  const statuses = sorted.map((s) => s.status);
  const status: FlowNodeStatus = statuses.every((s) => s === "succeeded") ? "succeeded"
    : statuses.includes("failed") ? "failed"
    : statuses.includes("timed_out") ? "timed_out"
    : statuses.includes("cancelled") ? "cancelled"
    : statuses.every((s) => s === "skipped" || s === "succeeded") ? "skipped" : "failed";
  const finished = sorted.map((s) => s.finished_at).filter((x): x is string => !!x).sort().at(-1) ?? null;
  const error = sorted.find((s) => s.error && s.status !== "succeeded")?.error ?? null;
  return {
    status, output: JSON.stringify(output ?? null).slice(0, 64_000), error, started_at: started, finished_at: finished,
    duration_ms: started && finished ? Date.parse(finished) - Date.parse(started) : null, facts,
  };
}

/** `{nodes.A.output.count}` and `{params.region}` in every string of a value, from what is known now. */
export function resolveRefs<T>(value: T, nodes: Record<string, NodeFacts>, params: Record<string, unknown>): T {
  if (typeof value === "string") {
    return value.replace(FLOW_REF_PATTERN, (whole, root: string, path: string) => {
      const parts = path.split(".");
      let v: unknown = root === "params" ? params : nodes;
      for (const p of parts) v = v !== null && typeof v === "object" && Object.hasOwn(v, p) ? (v as Record<string, unknown>)[p] : undefined;
      if (v === undefined) return root === "params" ? "" : whole;
      return typeof v === "string" ? v : JSON.stringify(v);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((x) => resolveRefs(x, nodes, params)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, resolveRefs(x, nodes, params)])) as T;
  return value;
}

/** The job an inline step runs as: its own config, retries and timeout; the flow's id and owner department. */
function inlineJob(run: FlowRunRow, node: FlowNode, config: Record<string, unknown>, at: string): Job {
  return {
    id: run.flow_id, name: `${run.flow_name}.${node.key}`, description: node.name ?? node.key, type: node.type as JobType, config, params: {},
    schedule: null, misfire: "fire_once", catch_up_max: 1,
    retries: node.retries ?? { count: 0, backoff: { type: "fixed", delay_ms: 0 }, on: ["failed", "timed_out"] },
    timeout_s: node.timeout_s ?? 3600, concurrency: "allow", priority: 0, shards: 1, owner_department_id: run.owner_department_id, owner_department_name: null,
    tags: [], alerts: { ...DEFAULT_JOB_ALERTS, on_failure: false, on_timeout: false }, status: "enabled", next_fire_at: null,
    created_by: run.triggered_by, created_at: at, updated_at: at,
  };
}

/**
 * Queues a job or inline step: one job run per shard through the jobs engine (its queue, lease,
 * retries, timeout, logs and cancel), trigger `flow`. Each shard's occurrence key is
 * `flow:<run>:<node>:<shard>`, so queueing twice (two workers handing off at once, a sweep after a
 * crash) stores it once; a retry round n adds `:r<n>`. Returns the run ids, or the reason the step cannot start.
 */
export async function queueStep(
  deps: FlowsDeps, run: FlowRunRow, node: FlowNode, facts: Record<string, NodeFacts>, params: Record<string, unknown>, at: string,
): Promise<{ runIds: string[] } | { error: string }> {
  const nodeParams = resolveRefs(node.params ?? {}, facts, params);
  let job: Job;
  let inline = false;
  if (node.type === "job") {
    const saved = await deps.jobs.findJob(node.job ?? "");
    if (!saved) return { error: `job ${node.job} no longer exists` };
    job = saved;
  } else {
    job = inlineJob(run, node, resolveRefs(node.config ?? {}, facts, params), at);
    inline = true;
  }
  const total = node.shards ?? 1;
  const ids: string[] = [];
  for (let i = 0; i < total; i++) {
    // a retry round's steps are new runs (engine/retry.ts)
    const round = Number(run.retries ?? 0);
    const key = `flow:${run.id}:${node.key}:${i}${round ? `:r${round}` : ""}`;
    const inserted = await deps.jobs.runs.insertRun({
      job, trigger: "flow", by: run.triggered_by, params: { ...job.params, ...nodeParams }, occurrenceKey: key,
      flow: { flowRunId: run.id, nodeKey: node.key, shardIndex: i, shardTotal: total, inline },
    });
    const id = inserted?.id ?? (await deps.db.get<{ id: string }>("SELECT id FROM job_runs WHERE occurrence_key = ?", [key]))?.id;
    if (id) ids.push(id);
  }
  return { runIds: ids };
}
