import type { FlowNode, FlowNodeStatus, FlowRunStatus, FlowVersion } from "@ops/shared/contracts/flows.ts";
import type { JobRun } from "@ops/shared/contracts/jobs.ts";
import { iso } from "../../../platform/clock.ts";
import { gateToOpen, openGates, type GateToOpen } from "../approval-gate.ts";
import { evaluateCondition } from "../condition.ts";
import type { FlowsDeps } from "../flows.deps.ts";
import { loadVersion } from "../flow.store.ts";
import { topoOrder, upstreamOf } from "../graph.ts";
import { decide, isFinalNode } from "./rules.ts";
import { loadNodeRows, type FlowRunRow, type NodeRow } from "./run.store.ts";
import { fromSteps, queueStep, type NodeFacts, type StepRow } from "./steps.ts";

const FINAL_RUN = new Set<FlowRunStatus>(["succeeded", "failed", "cancelled"]);
const LEAF_FAILURES = new Set<FlowNodeStatus>(["failed", "timed_out", "upstream_failed", "cancelled"]);
/** An instance that just ended, as alerts read it. */
type Ended = { id: string; flow_id: string; status: FlowRunStatus; error: string | null; trigger: string };
type Patch = Partial<Omit<NodeRow, "flow_run_id" | "node_key">>;

/**
 * The hand-off: reads a flow instance (its row locked), brings every node up to date from the job
 * runs behind it, then decides each pending node in topological order by its trigger rule (start
 * it, skip it, or mark it upstream_failed), and sets the instance's status. Idempotent: it only
 * moves things forward from what is stored, under the row lock (PostgreSQL `FOR UPDATE`; SQLite's
 * one writer), and steps are queued under occurrence keys; so two workers finishing two upstreams
 * at once start the join node once, and a sweep after a crash finishes what was left.
 */
export function createEngine(
  /** `hasCards`: the instance's has_cards as the hand-off read it (undefined: not known) */
  deps: FlowsDeps, onChanged: (flowRunId: string, hasCards?: boolean) => Promise<void>,
  /** once, when the hand-off that ends an instance commits (alerts) */
  onEnded?: (run: Ended) => Promise<void>,
) {
  const { db, clock } = deps;
  /** per version: topological order and incoming edges */
  const shapes = new Map<string, { order: string[]; up: ReturnType<typeof upstreamOf>; byKey: Map<string, FlowNode> }>();

  function shapeOf(v: FlowVersion) {
    const id = `${v.flow_id}:${v.version}`;
    let s = shapes.get(id);
    if (!s) {
      const g = { keys: v.nodes.map((n) => n.key), edges: v.edges };
      s = { order: topoOrder(g) ?? g.keys, up: upstreamOf(g), byKey: new Map(v.nodes.map((n) => [n.key, n])) };
      if (shapes.size > 500) shapes.clear();
      shapes.set(id, s);
    }
    return s;
  }

  /** `reopen`: waiting gates of this instance that never got their approval (approval-gate-sweep.ts), started again */
  async function advance(flowRunId: string, reopen?: ReadonlySet<string>): Promise<void> {
    // approval gates reached by this hand-off: their approvals start once it commits
    const gates: GateToOpen[] = [];
    const outcome = await db.tx(async (): Promise<{ changed: boolean; ended?: Ended; hasCards?: boolean }> => {
      const run = await db.get<FlowRunRow>(`SELECT * FROM flow_runs WHERE id = ?${db.dialect === "postgres" ? " FOR UPDATE" : ""}`, [flowRunId]);
      if (!run) return { changed: false };
      const version = await loadVersion(db, run.flow_id, Number(run.version));
      if (!version) return { changed: false };
      const { order, up, byKey } = shapeOf(version);
      const rows = new Map((await loadNodeRows(db, flowRunId)).map((n) => [n.node_key, n]));
      const steps = await db.all<StepRow>(
        "SELECT id, node_key, status, output, exit_code, http_status, error, started_at, finished_at, shard_index FROM job_runs WHERE flow_run_id = ?",
        [flowRunId],
      );
      const stepsOf = new Map<string, StepRow[]>();
      for (const s of steps) stepsOf.set(s.node_key, [...(stepsOf.get(s.node_key) ?? []), s]);
      const now = iso(clock.now());
      const params = JSON.parse(run.params) as Record<string, unknown>;
      const ended = FINAL_RUN.has(run.status);
      const facts: Record<string, NodeFacts> = {};
      const patches = new Map<string, Patch>();
      const patch = (key: string, p: Patch) => {
        patches.set(key, { ...patches.get(key), ...p });
        Object.assign(rows.get(key)!, p);
      };

      for (const key of order) {
        const row = rows.get(key);
        const node = byKey.get(key);
        if (!row || !node) continue;
        // a step's state follows its job runs
        // only the runs of its current round: a retry leaves the earlier ones in the history
        const current: string[] = row.run_ids === "[]" ? [] : JSON.parse(row.run_ids);
        const mine = (stepsOf.get(key) ?? []).filter((st) => current.includes(st.id));
        if (mine.length && (row.status === "queued" || row.status === "running")) {
          const s = fromSteps(mine);
          facts[key] = { status: s.status, ...s.facts };
          if (s.status !== row.status || (isFinalNode(s.status) && row.finished_at !== s.finished_at)) {
            const { facts: _, ...cols } = s;
            patch(key, cols);
          }
        }
        if (row.status === "pending") {
          if (ended) patch(key, { status: "cancelled", finished_at: now });
          else await decideNode(run, node, row, up.get(key) ?? [], rows, facts, params, now, patch, gates);
        }
        if (reopen?.has(key) && row.status === "waiting" && !row.approval_id && node.approval) gates.push(gateToOpen(run, node, node.approval, facts, params));
        if (!facts[key]) facts[key] = { status: rows.get(key)!.status, ...(mine.length ? fromSteps(mine).facts : { output: outputOf(rows.get(key)!), exit_code: null, http_status: null }) };
      }

      for (const [key, p] of patches) {
        const cols = Object.keys(p);
        await db.run(`UPDATE flow_run_nodes SET ${cols.map((c) => `${c} = ?`).join(", ")} WHERE flow_run_id = ? AND node_key = ?`, [...Object.values(p), flowRunId, key]);
      }
      const status = ended ? run.status : statusOf([...rows.values()], version);
      const runChanged = status !== run.status || (!run.started_at && status !== "queued");
      if (runChanged) {
        const final = FINAL_RUN.has(status);
        const started = run.started_at ?? now;
        const error = status === "failed" ? failureOf([...rows.values()]) : run.error;
        await db.run(
          `UPDATE flow_runs SET status = ?, started_at = ?, finished_at = ?, duration_ms = ?, error = ?, updated_at = ? WHERE id = ?`,
          [status, started, final ? now : null, final ? Date.parse(now) - Date.parse(started) : null, error, now, flowRunId],
        );
        if (final) return { changed: true, ended: { id: flowRunId, flow_id: run.flow_id, status, error, trigger: run.trigger_kind }, hasCards: cardsOf(run) };
      } else if (patches.size) {
        await db.run("UPDATE flow_runs SET updated_at = ? WHERE id = ?", [now, flowRunId]);
      }
      return { changed: runChanged || patches.size > 0, hasCards: cardsOf(run) };
    });
    // a gate whose approval could not start (or was decided at once) moves the instance again
    if (gates.length && (await openGates(deps, gates))) return advance(flowRunId);
    // alerts first, so whoever sees the instance ended also finds its alert sent
    if (outcome.ended && onEnded) await onEnded(outcome.ended);
    if (outcome.changed) await onChanged(flowRunId, outcome.hasCards);
  }

  /** Decides a pending node by its rule; starts it when the rule says run. */
  async function decideNode(
    run: FlowRunRow, node: FlowNode, row: NodeRow, incoming: Array<{ from: string; when?: boolean }>, rows: Map<string, NodeRow>,
    facts: Record<string, NodeFacts>, params: Record<string, unknown>, now: string, patch: (key: string, p: Patch) => void, gates: GateToOpen[],
  ) {
    // an edge out of a condition carries `skipped` when its branch was not taken
    const states = incoming.map((e) => {
      const from = rows.get(e.from)!;
      if (from.type === "condition" && from.status === "succeeded" && (Number(from.result) === 1) !== (e.when ?? true)) return "skipped" as const;
      return from.status;
    });
    const d = decide(node.trigger_rule ?? "all_success", states);
    if (d === "wait") return;
    if (d === "skipped" || d === "upstream_failed") return patch(row.node_key, { status: d, finished_at: now });
    if (node.type === "condition") {
      let result = false;
      let error: string | null = null;
      try {
        result = evaluateCondition(node.condition ?? "false", { nodes: facts, params });
      } catch (e) {
        error = (e as Error).message;
      }
      return patch(row.node_key, { status: error ? "failed" : "succeeded", result: result ? 1 : 0, error, output: JSON.stringify(result), started_at: now, finished_at: now, duration_ms: 0 });
    }
    if (node.type === "wait") {
      if (node.approval) gates.push(gateToOpen(run, node, node.approval, facts, params));
      return patch(row.node_key, { status: "waiting", started_at: now });
    }
    const queued = await queueStep(deps, run, node, facts, params, now);
    // a step with no run behind it could never end: fail it instead
    if ("error" in queued || queued.runIds.length === 0) {
      return patch(row.node_key, { status: "failed", error: "error" in queued ? queued.error : "no run was queued", started_at: now, finished_at: now, duration_ms: 0 });
    }
    patch(row.node_key, { status: "queued", run_ids: JSON.stringify(queued.runIds) });
  }

  return {
    advance,
    /** jobs' run status hook: a step's run changed, so its instance moves on (in this process, at once) */
    async onRun(run: JobRun) {
      if (!run.flow_run_id) return;
      // a step starting changes only its node: one conditional write, no hand-off to decide
      if (run.status === "running") {
        const moved = await db.get<{ has_cards: number | string | null }>(
          `UPDATE flow_run_nodes SET status = 'running', started_at = COALESCE(started_at, ?) WHERE flow_run_id = ? AND node_key = ? AND status = 'queued'
           RETURNING (SELECT has_cards FROM flow_runs WHERE id = flow_run_nodes.flow_run_id) AS has_cards`,
          [run.started_at ?? iso(clock.now()), run.flow_run_id, run.node_key],
        );
        if (moved) await onChanged(run.flow_run_id, cardsOf(moved));
        return;
      }
      // back to queued for a retry: the node stays running
      if (run.status === "queued") return;
      await advance(run.flow_run_id);
    },
  };
}

export type Engine = ReturnType<typeof createEngine>;

/** The instance's has_cards as read (undefined when the row did not carry it: refresh to be safe). */
function cardsOf(row: { has_cards?: number | string | null }): boolean | undefined {
  return row.has_cards === undefined || row.has_cards === null ? undefined : Number(row.has_cards) === 1;
}

function outputOf(n: NodeRow): unknown {
  return n.output === null ? null : JSON.parse(n.output);
}

/**
 * Every node final: failed if a leaf (no downstream) ended badly, else succeeded. Otherwise
 * running while a step is queued or running (or a node is still to be decided), waiting when only
 * wait nodes hold it.
 */
function statusOf(nodes: NodeRow[], v: FlowVersion): FlowRunStatus {
  if (nodes.every((n) => isFinalNode(n.status))) {
    const hasDown = new Set(v.edges.map((e) => e.from));
    return nodes.some((n) => !hasDown.has(n.node_key) && LEAF_FAILURES.has(n.status)) ? "failed" : "succeeded";
  }
  const active = nodes.some((n) => n.status === "queued" || n.status === "running");
  if (!active && nodes.some((n) => n.status === "waiting")) return "waiting";
  return "running";
}

function failureOf(nodes: NodeRow[]): string | null {
  const bad = nodes.filter((n) => n.status === "failed" || n.status === "timed_out");
  return bad.length ? bad.map((n) => `${n.node_key}: ${n.error ?? n.status}`).join("; ").slice(0, 2000) : null;
}
