import { hasPermission, type Actor, type FieldError, type Page, type UserActor } from "@ops/shared";
import type { Flow, FlowNode, FlowRunStatus, FlowVersion } from "@ops/shared/contracts/flows.ts";
import { iso } from "../../platform/clock.ts";
import { noteAudit } from "../../platform/context.ts";
import { newId } from "../../platform/crypto.ts";
import { Where, insertRow, paginate } from "../../platform/db/query.ts";
import { SCHEDULE_CHANNEL, unknownRecipients } from "../jobs/index.ts";
import { scheduleColumns } from "./schedule.ts";
import { FLOWS_MANAGE, type FlowsDeps } from "./flows.deps.ts";
import { flowNotFound, hasActiveRuns, invalidFields, nameTaken, versionNotFound } from "./flows.errors.ts";
import type { CreateFlowInput, GraphInput } from "./flow.schema.ts";
import { FLOW_FROM, FLOW_SELECT, findFlowRow, loadVersion, toFlow, toVersion, type FlowRow, type FlowVersionRow } from "./flow.store.ts";
import { checkGraph, type CheckedGraph } from "./validate.ts";

/** Data-scope columns of a flow: its owner department, and who created it. */
export const FLOW_SCOPE = { dept: "f.owner_department_id", owner: "f.created_by" };
const SORTABLE = { created_at: "f.created_at", updated_at: "f.updated_at", name: "f.name" };
const isUniqueViolation = (e: unknown) => /unique|duplicate key/i.test(String((e as Error)?.message ?? e));
const ACTIVE: FlowRunStatus[] = ["queued", "running", "waiting"];

/**
 * Inline http steps' header values (tokens live there) are shown only to those who may edit the
 * flow, as for jobs; viewers and runners see the header names. The stored definition is unchanged.
 */
function masked(actor: Actor, nodes: FlowNode[]): FlowNode[] {
  if (hasPermission(actor, FLOWS_MANAGE)) return nodes;
  return nodes.map((n) => {
    const headers = n.type === "http" ? (n.config?.headers as Record<string, string> | undefined) : undefined;
    if (!headers || Object.keys(headers).length === 0) return n;
    return { ...n, config: { ...n.config, headers: Object.fromEntries(Object.keys(headers).map((k) => [k, "***"])) } };
  });
}

/** Versioned flow definitions: every save writes the next version; instances keep theirs. */
export function createFlowDefinitions(deps: FlowsDeps) {
  const { db, clock, scope } = deps;
  // schedulers re-arm when a save set or moved a schedule
  const onScheduleChange = () => void db.notify(SCHEDULE_CHANNEL, "flows").catch(() => {});

  async function visibleRow(actor: Actor, idOrName: string): Promise<FlowRow> {
    const row = await findFlowRow(db, idOrName);
    if (!row) throw flowNotFound();
    const fragment = await scope(actor, FLOW_SCOPE);
    if (fragment) {
      const seen = await db.get(`SELECT f.id FROM flows f WHERE f.id = ? AND ${fragment.sql}`, [row.id, ...fragment.params]);
      if (!seen) throw flowNotFound();
    }
    return row;
  }

  /** A saved job the caller may see (by name or id), for `job` nodes. */
  const findJob = async (actor: Actor, idOrName: string) => {
    try {
      await deps.jobs.definitions.visibleRow(actor, idOrName);
      return await deps.jobs.findJob(idOrName);
    } catch {
      return null;
    }
  };

  /** Graph checks plus the name (pattern by the schema; taken here) and the owner department. */
  async function check(actor: Actor, input: GraphInput & { name?: string; owner_department_id?: string | null; alerts?: CreateFlowInput["alerts"] }, exceptId?: string): Promise<{ graph?: CheckedGraph; errors: FieldError[] }> {
    const { graph, errors } = await checkGraph(actor, input, findJob, deps.approvalGate);
    if (input.name) {
      const other = await db.get<{ id: string }>("SELECT id FROM flows WHERE name = ?", [input.name]);
      if (other && other.id !== exceptId) errors.unshift({ field: "name", message: "flows.name_taken", params: { name: input.name } });
    }
    const dept = input.owner_department_id;
    if (dept && !(await deptInScope(actor, dept))) errors.push({ field: "owner_department_id", message: "jobs.department_out_of_scope" });
    errors.push(...(await unknownRecipients(db, input.alerts)));
    return { graph, errors };
  }

  async function deptInScope(actor: Actor, deptId: string): Promise<boolean> {
    const fragment = await scope(actor, { dept: "d.id" });
    const row = await db.get(`SELECT d.id FROM departments d WHERE d.id = ?${fragment ? ` AND ${fragment.sql}` : ""}`, [deptId, ...(fragment?.params ?? [])]);
    return row !== undefined;
  }

  /** Throws 409 for a taken name alone (like jobs), else 400 with every field. */
  function refuse(errors: FieldError[]): never {
    if (errors.length === 1 && errors[0]!.message === "flows.name_taken") throw nameTaken(String(errors[0]!.params?.name));
    throw invalidFields(errors);
  }

  async function writeVersion(flowId: string, version: number, g: CheckedGraph, by: string | null, at: string) {
    await insertRow(db, "flow_versions", {
      flow_id: flowId, version, nodes: JSON.stringify(g.nodes), edges: JSON.stringify(g.edges), params: JSON.stringify(g.params), created_by: by, created_at: at,
    });
  }

  async function create(actor: UserActor, input: CreateFlowInput): Promise<Flow> {
    const owner = input.owner_department_id === undefined ? actor.deptId ?? null : input.owner_department_id;
    const { graph, errors } = await check(actor, { ...input, owner_department_id: owner });
    const sched = scheduleColumns(input, undefined, clock.now());
    errors.push(...sched.errors);
    if (!graph || errors.length) refuse(errors);
    const id = newId();
    const at = iso(clock.now());
    try {
      await db.tx(async () => {
        await insertRow(db, "flows", {
          id, name: input.name, description: input.description, version: 1, nodes: JSON.stringify(graph.nodes), edges: JSON.stringify(graph.edges),
          params: JSON.stringify(graph.params), owner_department_id: owner, tags: JSON.stringify(input.tags), alerts: input.alerts ? JSON.stringify(input.alerts) : null,
          ...sched.cols, created_by: actor.userId, created_at: at, updated_at: at,
        });
        await writeVersion(id, 1, graph, actor.userId, at);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(input.name);
      throw e;
    }
    const flow = toFlow((await findFlowRow(db, id))!);
    if (flow.schedule) onScheduleChange();
    noteAudit({ resourceType: "flow", resourceId: id, after: auditView(flow) });
    return flow;
  }

  async function update(actor: UserActor, idOrName: string, input: CreateFlowInput): Promise<Flow> {
    const beforeRow = await visibleRow(actor, idOrName);
    const before = toFlow(beforeRow);
    const owner = input.owner_department_id === undefined ? before.owner_department_id : input.owner_department_id;
    const { graph, errors } = await check(actor, { ...input, owner_department_id: owner }, before.id);
    const sched = scheduleColumns(input, beforeRow, clock.now());
    errors.push(...sched.errors);
    if (!graph || errors.length) refuse(errors);
    const at = iso(clock.now());
    try {
      await db.tx(async () => {
        // the next version number is taken under the row's own update, so two saves at once get two versions
        const next = await db.get<{ version: number | string }>("UPDATE flows SET version = version + 1, updated_at = ? WHERE id = ? RETURNING version", [at, before.id]);
        if (!next) throw flowNotFound();
        await db.run(
          "UPDATE flows SET name = ?, description = ?, nodes = ?, edges = ?, params = ?, owner_department_id = ?, tags = ?, alerts = ?, schedule = ?, misfire = ?, next_fire_at = ?, schedule_anchor = ? WHERE id = ?",
          [input.name, input.description, JSON.stringify(graph.nodes), JSON.stringify(graph.edges), JSON.stringify(graph.params), owner, JSON.stringify(input.tags),
            // absent: kept (the designer saves the graph without them)
            JSON.stringify(input.alerts ?? before.alerts), sched.cols.schedule, sched.cols.misfire, sched.cols.next_fire_at, sched.cols.schedule_anchor, before.id],
        );
        await writeVersion(before.id, Number(next.version), graph, actor.userId, at);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(input.name);
      throw e;
    }
    const after = toFlow((await findFlowRow(db, before.id))!);
    if (after.next_fire_at !== before.next_fire_at) onScheduleChange();
    noteAudit({ resourceType: "flow", resourceId: before.id, before: auditView(before), after: auditView(after) });
    return after;
  }

  /** Removes the definition and its versions; its runs stay (they carry the flow's name and their nodes). */
  async function remove(actor: UserActor, idOrName: string): Promise<{ id: string }> {
    const row = await visibleRow(actor, idOrName);
    const active = await db.get<{ c: number | string }>(`SELECT COUNT(*) AS c FROM flow_runs WHERE flow_id = ? AND status IN (${ACTIVE.map(() => "?").join(", ")})`, [row.id, ...ACTIVE]);
    if (Number(active?.c ?? 0) > 0) throw hasActiveRuns(Number(active!.c));
    await db.tx(async () => {
      await db.run("DELETE FROM flow_versions WHERE flow_id = ?", [row.id]);
      await db.run("DELETE FROM flows WHERE id = ?", [row.id]);
    });
    noteAudit({ resourceType: "flow", resourceId: row.id, before: auditView(toFlow(row)) });
    return { id: row.id };
  }

  async function list(actor: Actor, q: { page: number; page_size: number; sort?: string; q?: string; tag?: string }): Promise<Page<Flow>> {
    const w = new Where();
    w.search(["f.name", "f.description"], q.q?.trim());
    if (q.tag) w.search(["f.tags"], `"${q.tag}"`);
    w.fragment(await scope(actor, FLOW_SCOPE));
    const page = await paginate<FlowRow, Flow>(db, { select: FLOW_SELECT, from: FLOW_FROM, where: w, query: q, sortable: SORTABLE, defaultSort: "f.created_at DESC, f.id DESC", map: toFlow });
    const ids = page.items.map((f) => f.id);
    const last = new Map<string, NonNullable<Flow["last_run"]>>();
    if (ids.length) {
      const rows = await db.all<{ flow_id: string; id: string; status: FlowRunStatus; started_at: string | null; finished_at: string | null }>(
        `SELECT r.flow_id, r.id, r.status, r.started_at, r.finished_at FROM flow_runs r
         WHERE r.flow_id IN (${ids.map(() => "?").join(", ")}) AND r.queued_at = (SELECT MAX(r2.queued_at) FROM flow_runs r2 WHERE r2.flow_id = r.flow_id)
         ORDER BY r.id DESC`,
        ids,
      );
      for (const { flow_id, ...run } of rows) if (!last.has(flow_id)) last.set(flow_id, run);
    }
    return { ...page, items: page.items.map((f) => ({ ...f, nodes: masked(actor, f.nodes), last_run: last.get(f.id) ?? null })) };
  }

  async function versions(actor: Actor, idOrName: string): Promise<FlowVersion[]> {
    const row = await visibleRow(actor, idOrName);
    const rows = await db.all<FlowVersionRow>(
      "SELECT v.*, u.username AS created_by_name FROM flow_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.flow_id = ? ORDER BY v.version DESC",
      [row.id],
    );
    return rows.map(toVersion).map((v) => ({ ...v, nodes: masked(actor, v.nodes) }));
  }

  async function version(actor: Actor, idOrName: string, n: number): Promise<FlowVersion> {
    const row = await visibleRow(actor, idOrName);
    const v = await loadVersion(db, row.id, n);
    if (!v) throw versionNotFound();
    return { ...v, nodes: masked(actor, v.nodes) };
  }

  /** The designer's inline check: `{ok, errors}` (200), the same checks a save makes. */
  async function validate(actor: Actor, input: GraphInput & { name?: string }): Promise<{ ok: boolean; errors: FieldError[] }> {
    const existing = input.name ? await db.get<{ id: string }>("SELECT id FROM flows WHERE name = ?", [input.name]) : undefined;
    if (input.nodes.length === 0) return { ok: false, errors: [{ field: "nodes", message: "validation.required" }] };
    const { errors } = await check(actor, { ...input, name: undefined }, existing?.id);
    return { ok: errors.length === 0, errors };
  }

  return {
    create, update, remove, list, versions, version, validate, visibleRow,
    get: async (actor: Actor, idOrName: string) => {
      const flow = toFlow(await visibleRow(actor, idOrName));
      return { ...flow, nodes: masked(actor, flow.nodes) };
    },
  };
}

export type FlowDefinitions = ReturnType<typeof createFlowDefinitions>;

/** What the audit keeps of a definition: the graph's shape, not inline scripts or headers. */
function auditView(f: Flow) {
  return {
    name: f.name, version: f.version, owner_department_id: f.owner_department_id, tags: f.tags, params: f.params, alerts: f.alerts, schedule: f.schedule, misfire: f.misfire,
    nodes: f.nodes.map((n) => ({ key: n.key, type: n.type, job: n.job, trigger_rule: n.trigger_rule, condition: n.condition, shards: n.shards })),
    edges: f.edges,
  };
}
