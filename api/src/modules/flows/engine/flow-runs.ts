import type { Actor, Page, UserActor } from "@ops/shared";
import { FLOW_RUN_STATUSES, type Flow, type FlowRun, type FlowVersion, type WaitDecision } from "@ops/shared/contracts/flows.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { Where, paginate } from "../../../platform/db/query.ts";
import { DEFAULT_TIMEZONE, triggerOf } from "../../jobs/index.ts";
import type { FlowsDeps } from "../flows.deps.ts";
import { withdrawGates } from "../approval-gate.ts";
import { approvalGated, flowRunFinished, flowRunNotFound, invalidFields, nodeNotFound, nodeNotWaiting } from "../flows.errors.ts";
import { loadVersion } from "../flow.store.ts";
import type { Engine } from "./engine.ts";
import { retryFlowRun } from "./retry.ts";
import { FLOW_RUN_FROM, FLOW_RUN_SELECT, loadFlowRun, loadNodeRows, toFlowRun, type FlowRunRow } from "./run.store.ts";

/** Data-scope columns of a flow run: the flow's owner department when it started, and who started it. */
export const FLOW_RUN_SCOPE = { dept: "r.owner_department_id", owner: "r.triggered_by" };
const SORTABLE = { queued_at: "r.queued_at", started_at: "r.started_at", finished_at: "r.finished_at", duration_ms: "r.duration_ms", created_at: "r.queued_at" };

/** Flow instances: start one on a flow's current version, read, cancel, and decide wait nodes. */
export function createFlowRuns(deps: FlowsDeps, engine: Engine) {
  const { db, clock, scope } = deps;

  /**
   * Stores a new instance on the flow's current version with its nodes pending, in one transaction.
   * With an occurrence key (a scheduled fire) a second insert of the same occurrence stores nothing
   * and answers null.
   */
  async function insertRun(flow: Flow, version: FlowVersion, o: { trigger: string; by: string | null; params: Record<string, unknown>; occurrenceKey?: string; scheduledFor?: string }) {
    const id = newId();
    const now = iso(clock.now());
    return db.tx(async () => {
      const row = await db.get(
        `INSERT INTO flow_runs (id, flow_id, flow_name, version, owner_department_id, status, trigger_kind, triggered_by, params, occurrence_key, scheduled_for, queued_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (occurrence_key) DO NOTHING RETURNING id`,
        [id, flow.id, flow.name, flow.version, flow.owner_department_id, o.trigger, o.by, JSON.stringify({ ...version.params, ...o.params }), o.occurrenceKey ?? null, o.scheduledFor ?? null, now, now],
      );
      if (!row) return null;
      for (const [i, n] of version.nodes.entries()) {
        await db.run(
          "INSERT INTO flow_run_nodes (flow_run_id, node_key, name, type, status, seq, run_ids) VALUES (?, ?, ?, ?, 'pending', ?, '[]')",
          [id, n.key, n.name ?? n.key, n.type, i],
        );
      }
      return id;
    });
  }

  /**
   * A scheduled occurrence (trigger cron, by the system) with the flow's default params; a declared
   * `bizDate` param is the day before the occurrence in the schedule's zone (a job's data day), so
   * `{params.bizDate}` names one day for every step however late they start. Null when another
   * scheduler stored it. Stored only (in the caller's transaction): the caller hands it off after commit.
   */
  async function insertScheduled(flow: Flow, at: Date, occurrenceKey: string): Promise<string | null> {
    const version = await loadVersion(db, flow.id, flow.version);
    if (!version) return null;
    const params = Object.hasOwn(version.params, "bizDate") ? { bizDate: dayBefore(at, flow.schedule && "cron" in flow.schedule ? flow.schedule.timezone : DEFAULT_TIMEZONE) } : {};
    return insertRun(flow, version, { trigger: "cron", by: null, params, occurrenceKey, scheduledFor: at.toISOString() });
  }

  async function start(actor: UserActor, flow: Flow, params: Record<string, unknown>): Promise<FlowRun> {
    return startAs(flow, params, { trigger: triggerOf(actor), by: actor.userId });
  }

  /** A run started by whoever `o` names: a user's trigger, or the system's (`approval` by an approval's hook, no user). */
  async function startAs(flow: Flow, params: Record<string, unknown>, o: { trigger: string; by: string | null }): Promise<FlowRun> {
    const version = await loadVersion(db, flow.id, flow.version);
    if (!version) throw flowRunNotFound();
    const unknown = Object.keys(params).filter((k) => !Object.hasOwn(version.params, k));
    if (unknown.length) throw invalidFields(unknown.map((k) => ({ field: `params.${k}`, message: "flows.param_unknown", params: { name: k } })));
    const id = (await insertRun(flow, version, { trigger: o.trigger, by: o.by, params }))!;
    await engine.advance(id);
    noteAudit({ resourceType: "flow", resourceId: flow.id, after: { flow_run_id: id, flow: flow.name, version: flow.version, params } });
    return (await loadFlowRun(db, id))!;
  }

  async function visibleRow(actor: Actor, id: string): Promise<FlowRunRow> {
    const fragment = await scope(actor, FLOW_RUN_SCOPE);
    const row = await db.get<FlowRunRow>(`SELECT ${FLOW_RUN_SELECT} FROM ${FLOW_RUN_FROM} WHERE r.id = ?${fragment ? ` AND ${fragment.sql}` : ""}`, [id, ...(fragment?.params ?? [])]);
    if (!row) throw flowRunNotFound();
    return row;
  }

  async function get(actor: Actor, id: string): Promise<FlowRun> {
    const row = await visibleRow(actor, id);
    return toFlowRun(row, await loadNodeRows(db, id));
  }

  async function list(actor: Actor, q: { page: number; page_size: number; sort?: string; flow_id?: string; status?: string }): Promise<Page<FlowRun>> {
    const w = new Where().eq("r.flow_id", q.flow_id);
    const statuses = (q.status ?? "").split(",").map((x) => x.trim()).filter(Boolean);
    if (statuses.some((s) => !(FLOW_RUN_STATUSES as readonly string[]).includes(s))) {
      throw invalidFields([{ field: "status", message: "validation.invalid_option", params: { options: FLOW_RUN_STATUSES.join(", ") } }]);
    }
    if (statuses.length) w.in("r.status", statuses);
    w.fragment(await scope(actor, FLOW_RUN_SCOPE));
    // the list leaves nodes out (GET /flow-runs/{id} has them)
    return paginate<FlowRunRow, FlowRun>(db, { select: FLOW_RUN_SELECT, from: FLOW_RUN_FROM, where: w, query: q, sortable: SORTABLE, defaultSort: "r.queued_at DESC, r.id DESC", map: (r) => toFlowRun(r, null) });
  }

  /** Ends the instance `cancelled` first (nothing new starts), then cancels its queued and running steps through jobs. */
  async function cancel(actor: UserActor, id: string): Promise<FlowRun> {
    const row = await visibleRow(actor, id);
    const now = iso(clock.now());
    // approval gates still open: their approvals are withdrawn once the run is cancelled
    const gated = await db.all<{ approval_id: string }>("SELECT approval_id FROM flow_run_nodes WHERE flow_run_id = ? AND status = 'waiting' AND approval_id IS NOT NULL", [id]);
    const moved = await db.get(
      `UPDATE flow_runs SET status = 'cancelled', error = ?, finished_at = ?, duration_ms = ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'running', 'waiting') RETURNING id`,
      ["flows.cancelled", now, row.started_at ? Date.parse(now) - Date.parse(row.started_at) : 0, now, id],
    );
    if (!moved) throw flowRunFinished(row.status);
    await db.run("UPDATE flow_run_nodes SET status = 'cancelled', finished_at = ? WHERE flow_run_id = ? AND status IN ('pending', 'waiting')", [now, id]);
    const live = await db.all<{ id: string }>("SELECT id FROM job_runs WHERE flow_run_id = ? AND status IN ('queued', 'running')", [id]);
    await Promise.all(live.map((r) => deps.jobs.runs.stopRun(r.id)));
    await withdrawGates(deps, gated.map((g) => g.approval_id));
    await engine.advance(id);
    noteAudit({ resourceType: "flow_run", resourceId: id, before: { status: row.status }, after: { status: "cancelled", flow: row.flow_name } });
    return (await loadFlowRun(db, id))!;
  }

  /** A person continues (→ succeeded) or rejects (→ failed) a waiting wait node; downstream follows the rules. */
  async function decideWait(actor: UserActor, id: string, key: string, decision: WaitDecision, comment?: string): Promise<FlowRun> {
    const row = await visibleRow(actor, id);
    const node = (await loadNodeRows(db, id)).find((n) => n.node_key === key);
    if (!node) throw nodeNotFound(key);
    if (node.type !== "wait" || node.status !== "waiting") throw nodeNotWaiting(key, node.status);
    // an approval gate is decided by its approval, not by hand
    if (node.approval_id) throw approvalGated(key, node.approval_id);
    const now = iso(clock.now());
    const moved = await db.get(
      `UPDATE flow_run_nodes SET status = ?, decided_by = ?, comment = ?, finished_at = ?, duration_ms = ?, error = ? WHERE flow_run_id = ? AND node_key = ? AND status = 'waiting' RETURNING node_key`,
      [decision === "continue" ? "succeeded" : "failed", actor.userId, comment ?? null, now, node.started_at ? Date.parse(now) - Date.parse(node.started_at) : 0,
        decision === "reject" ? (comment ? `rejected: ${comment}` : "rejected") : null, id, key],
    );
    if (!moved) throw nodeNotWaiting(key, "decided");
    await engine.advance(id);
    noteAudit({ resourceType: "flow_run", resourceId: id, before: { node: key, status: "waiting" }, after: { node: key, decision, comment: comment ?? null, flow: row.flow_name } });
    return (await loadFlowRun(db, id))!;
  }

  /** A failed or cancelled instance runs again from its failed nodes (engine/retry.ts); 409 otherwise. */
  async function retry(actor: UserActor, id: string): Promise<FlowRun> {
    return retryFlowRun(deps, engine, await visibleRow(actor, id));
  }

  /** Instances still moving whose last change is older than `olderThanMs`: advanced again (a crash between a step's end and the hand-off). */
  async function sweep(olderThanMs: number): Promise<number> {
    const before = iso(new Date(clock.now().getTime() - olderThanMs));
    const rows = await db.all<{ id: string }>("SELECT id FROM flow_runs WHERE status IN ('queued', 'running') AND updated_at < ? ORDER BY updated_at LIMIT 200", [before]);
    for (const r of rows) await engine.advance(r.id);
    return rows.length;
  }

  return { start, startAs, insertScheduled, get, list, cancel, retry, decideWait, sweep, visibleRow };
}

export type FlowRuns = ReturnType<typeof createFlowRuns>;

/** YYYY-MM-DD of the calendar day before `at` in `timeZone`. */
function dayBefore(at: Date, timeZone: string): string {
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const today = day(at);
  // the day before the local date (not 24 h back: a DST day is 23 or 25 hours long)
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
