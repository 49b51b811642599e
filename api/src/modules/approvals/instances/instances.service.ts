import { hasPermission, type Page, type UserActor } from "@ops/shared";
import type { ApprovalInstance } from "@ops/shared/contracts/approvals.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { Where, insertRow, paginate } from "../../../platform/db/query.ts";
import { APPROVALS_DESIGN, type ApprovalsDeps } from "../approvals.deps.ts";
import { definitionArchived, instanceFinished, instanceNotFound, invalidFields, notInitiator, notPublished, withdrawNotAllowed } from "../approvals.errors.ts";
import type { StartInput } from "../approvals.schema.ts";
import { findDefinitionRow, loadVersion } from "../definitions/index.ts";
import { act } from "../engine/index.ts";
import { enter, finish } from "../engine/index.ts";
import { loadInstance, type InstanceRow } from "../engine/index.ts";
import { deliver } from "../engine/index.ts";
import { openRun, event } from "../engine/index.ts";
import { checkForm } from "../engine/index.ts";
import { createComments } from "./comments.ts";

const SORTABLE = { created_at: "i.created_at", updated_at: "i.updated_at", finished_at: "i.finished_at" };
type Summary = Omit<ApprovalInstance, "current" | "timeline">;

/** Who may read an instance: its initiator, anyone it was given to (approver or CC), and approval designers. */
const PARTICIPANT = "(i.initiator_id = ? OR EXISTS (SELECT 1 FROM approval_tasks pt WHERE pt.instance_id = i.id AND pt.assignee_id = ?))";

export function createInstances(deps: ApprovalsDeps) {
  const { db, clock } = deps;

  async function visible(actor: UserActor, id: string): Promise<ApprovalInstance> {
    const inst = await loadInstance(db, id);
    if (!inst) throw instanceNotFound();
    if (!hasPermission(actor, APPROVALS_DESIGN)) {
      const seen = await db.get(`SELECT i.id FROM approval_instances i WHERE i.id = ? AND ${PARTICIPANT}`, [id, actor.userId, actor.userId]);
      if (!seen) throw instanceNotFound();
    }
    return inst;
  }

  /** The instance already started for another module's `sourceRef` (a flow gate's `flow-gate:<run>:<node>`), if any. */
  async function startedFor(sourceRef: string | undefined): Promise<ApprovalInstance | undefined> {
    if (!sourceRef) return undefined;
    const row = await db.get<{ id: string }>("SELECT id FROM approval_instances WHERE source_ref = ?", [sourceRef]);
    return row ? loadInstance(db, row.id) : undefined;
  }

  /**
   * Starts an instance. `opts.sourceRef` (internal callers, never HTTP) makes it idempotent: a start
   * repeated with the same reference (a sweep after a crash, two processes at once) answers the
   * instance the first one started; the unique index decides a race.
   */
  async function start(actor: UserActor, input: StartInput, opts: { sourceRef?: string } = {}): Promise<ApprovalInstance> {
    const earlier = await startedFor(opts.sourceRef);
    if (earlier) return earlier;
    const def = await findDefinitionRow(db, input.definition);
    if (!def) throw invalidFields([{ field: "definition", message: "approvals.definition_not_found" }]);
    if (def.status === "archived") throw definitionArchived();
    if (def.published_version === null) throw notPublished(def.key);
    const version = (await loadVersion(db, def.id, Number(def.published_version)))!;
    const errors = await checkForm(db, version.form, input.form);
    for (const [i, n] of version.nodes.entries()) {
      if (n.type === "approver" && n.approvers?.type === "initiator_select" && !input.approvers[n.key]?.length) {
        errors.push({ field: `approvers.${n.key}`, message: "approvals.select_approvers", params: { node: n.name ?? n.key, index: i } });
      }
    }
    if (errors.length) throw invalidFields(errors);
    const at = iso(clock.now());
    const id = newId();
    const row: InstanceRow = {
      id, definition_id: def.id, definition_key: def.key, definition_name: version.name, version: version.version, title: input.title,
      form: JSON.stringify(input.form), selected: JSON.stringify(input.approvers), status: "pending", initiator_id: actor.userId,
      initiator_dept_id: actor.deptId ?? null, created_at: at, updated_at: at, finished_at: null,
    };
    const notices = await db.tx(async () => {
      await insertRow(db, "approval_instances", { ...row, source_ref: opts.sourceRef ?? null });
      const run = await openRun(db, row, version, actor.userId, at);
      await event(run, { action: "submit", data: { version: version.version } });
      const startNode = version.nodes.find((n) => n.type === "start")!;
      await enter(run, startNode.key);
      return run.notices;
    }).catch(async (e: unknown) => {
      // another start with the same reference committed first: that one is the instance
      if (await startedFor(opts.sourceRef)) return null;
      throw e;
    });
    if (!notices) return (await startedFor(opts.sourceRef))!;
    await deliver(deps, id, notices);
    const inst = (await loadInstance(db, id))!;
    noteAudit({ resourceType: "approval", resourceId: id, after: { status: inst.status, definition: def.key, version: version.version, title: inst.title, form: inst.form } });
    return inst;
  }

  async function withdraw(actor: UserActor, id: string, comment?: string): Promise<ApprovalInstance> {
    await visible(actor, id);
    await act(deps, actor, id, async (run) => {
      if (run.inst.initiator_id !== actor.userId) throw notInitiator();
      if (run.inst.status !== "pending") throw instanceFinished(run.inst.status);
      if (!run.version.settings.allow_withdraw) throw withdrawNotAllowed();
      await finish(run, "withdrawn", comment ?? null);
    });
    return (await loadInstance(db, id))!;
  }

  async function list(actor: UserActor, q: { page: number; page_size: number; sort?: string; status?: string; definition?: string; initiator_id?: string; q?: string }): Promise<Page<Summary>> {
    const w = new Where().eq("i.status", q.status).eq("i.definition_key", q.definition).eq("i.initiator_id", q.initiator_id);
    w.search(["i.title"], q.q?.trim());
    if (!hasPermission(actor, APPROVALS_DESIGN)) w.add(PARTICIPANT, actor.userId, actor.userId);
    return paginate<InstanceRow & { initiator_name: string | null }, Summary>(db, {
      select: "i.*, u.display_name AS initiator_name", from: "approval_instances i LEFT JOIN users u ON u.id = i.initiator_id", where: w, query: q,
      sortable: SORTABLE, defaultSort: "i.created_at DESC, i.id DESC",
      map: (r) => ({
        id: r.id, definition_id: r.definition_id, definition_key: r.definition_key, definition_name: r.definition_name, version: Number(r.version), title: r.title,
        form: JSON.parse(r.form), status: r.status, initiator_id: r.initiator_id, initiator_name: r.initiator_name, created_at: r.created_at, updated_at: r.updated_at, finished_at: r.finished_at,
        parent_id: r.parent_id ?? null,
      }),
    });
  }

  const comments = createComments(deps, visible);
  return { start, get: visible, withdraw, comment: comments.add, attachment: comments.attachment, list };
}
