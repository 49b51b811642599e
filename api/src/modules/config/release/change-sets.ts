import { DEFAULT_LOCALE, isAppError, systemActor, t, type Actor, type FieldError, type Page, type UserActor } from "@ops/shared";
import type { ChangeSetStatus, ConfigChange, ConfigChangeSet, ConfigDiffEntry, ConfigTable, GraySpec } from "@ops/shared/contracts/config.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { Where, insertRow, paginate, type ListQuery } from "../../../platform/db/query.ts";
import { canRead } from "./access.ts";
import { approvalForm, approvalTitle, approversFor } from "./approval-form.ts";
import { auditSystem } from "./audit.ts";
import { normalizeGray } from "./gray.ts";
import type { Notices } from "./notices.ts";
import { DEFAULT_DEFINITION, FORM_FIELDS, type ReleaseDeps } from "./release.deps.ts";
import { changeSetNotFound, invalid, notAuthor, notPending, staleChangeSet, tableForbidden } from "./release.errors.ts";
import type { Releases } from "./releases.ts";
import { CHANGE_SET_FROM, CHANGE_SET_SELECT, loadChangeSet, toChangeSet, type ChangeSetRow } from "./store.ts";

export type SubmitMeta = { actor: Actor; reason: string; release_at?: string | null; gray?: GraySpec | null };
export type ChangeSetQuery = ListQuery & { table?: string; status?: ChangeSetStatus; mine?: "1" | "0" };

/** An error's words for a failed set: the code in the default language, then each field's problem. */
function describe(e: unknown): string {
  if (!isAppError(e)) return e instanceof Error ? e.message : String(e);
  const fields = (e.errors ?? []).map((f) => `${f.field}: ${t(DEFAULT_LOCALE, f.message, f.params)}`).join("; ");
  return `${t(DEFAULT_LOCALE, e.code, e.params)}${fields ? ` (${fields})` : ""}`.slice(0, 2000);
}

/**
 * Change sets: changes to a table that wait for approval (nothing applied), then are applied against the
 * state of that moment as ONE version and released (now, or at release_at by the minute pass; full or gray).
 * The claim is the status UPDATE inside the same transaction as the apply and the release, so a set is
 * released once even with several processes, and a set whose changes no longer apply goes `failed` with
 * nothing half-applied.
 */
export function createChangeSets(deps: ReleaseDeps & { userActor(id: string): Promise<UserActor | null> }, releases: Releases, notices: Notices) {
  const { db, clock } = deps;

  async function get(id: string): Promise<ConfigChangeSet> {
    const set = await loadChangeSet(db, id);
    if (!set) throw changeSetNotFound();
    return set;
  }

  /** The set as this actor may read it (config:view plus the table's read roles). */
  async function visible(actor: Actor, id: string): Promise<ConfigChangeSet> {
    const set = await get(id);
    const table = await deps.data.getTable(set.table);
    if (table && !(await canRead(db, actor, table))) throw changeSetNotFound();
    return set;
  }

  /** Validates (nothing stored on any error), stores the set with its diff and submits it to the table's approval definition. */
  async function submit(table: ConfigTable, changes: ConfigChange[], meta: SubmitMeta): Promise<ConfigChangeSet> {
    const actor = meta.actor;
    if (actor.kind !== "user") throw invalid([{ field: "actor", message: "config.release.user_required" }]);
    const errors: FieldError[] = [];
    const reason = meta.reason?.trim() ?? "";
    if (!reason) errors.push({ field: "reason", message: "validation.required" });
    let releaseAt: string | null = null;
    if (meta.release_at) {
      const ms = Date.parse(meta.release_at);
      if (Number.isNaN(ms)) errors.push({ field: "release_at", message: "config.release.release_at_invalid" });
      else if (ms <= clock.now().getTime()) errors.push({ field: "release_at", message: "config.release.release_at_past" });
      else releaseAt = iso(new Date(ms));
    }
    if (!changes.length) errors.push({ field: "changes", message: "config.release.no_changes" });
    errors.push(...(await deps.data.check(table, changes, actor)));
    if (errors.length) throw invalid(errors);

    const definition = table.approval_definition || DEFAULT_DEFINITION;
    if (definition === DEFAULT_DEFINITION) await deps.approvals.ensureDefault(actor);
    const def = await deps.approvals.check(definition);
    const missing = FORM_FIELDS.filter((f) => !def.fields.includes(f));
    if (def.problem || missing.length) {
      throw invalid([{ field: "approval_definition", message: def.problem ? `config.release.definition_${def.problem}` : "config.release.definition_fields", params: { key: definition, fields: missing.join(", ") } }]);
    }
    // edit and publish by different people: the approvers are config:publish holders other than the author
    const approvers = await approversFor(db, def.selectNodes, actor.userId);
    if (def.selectNodes.length && !Object.values(approvers)[0]?.length) throw invalid([{ field: "table", message: "config.release.no_approver" }]);

    const diff = await deps.data.preview(table, changes);
    const id = newId();
    const at = iso(clock.now());
    await insertRow(db, "config_change_sets", {
      id, table_name: table.name, status: "pending", changes: JSON.stringify(changes), diff: JSON.stringify(diff), reason, author_id: actor.userId,
      approval_id: null, release_at: releaseAt, gray: meta.gray ? JSON.stringify(normalizeGray(meta.gray)) : null, emergency: 0, version: null,
      release_number: null, error: null, created_at: at, updated_at: at,
    });
    let started: { id: string; status: string };
    try {
      started = await deps.approvals.start({ definition, title: approvalTitle(table, diff), form: approvalForm(table, id, reason, diff), initiator: actor, approvers });
    } catch (e) {
      // the approval refused to start: the set is not kept
      await db.run("DELETE FROM config_change_sets WHERE id = ?", [id]);
      throw e;
    }
    await db.run("UPDATE config_change_sets SET approval_id = ? WHERE id = ?", [started.id, id]);
    // decided while starting (a definition whose node passed on its own): it ended before the set knew its id
    if (started.status !== "pending") await approvalEnded(started.id, started.status, null);
    const set = await get(id);
    noteAudit({ module: "config", resourceType: "config_change_set", resourceId: id, after: set });
    await notices.requested(table, set);
    return set;
  }

  async function fail(set: ConfigChangeSet, table: ConfigTable | null, error: string): Promise<ConfigChangeSet> {
    await db.run("UPDATE config_change_sets SET status = 'failed', error = ?, updated_at = ? WHERE id = ? AND status IN ('pending', 'approved', 'scheduled')", [error, iso(clock.now()), set.id]);
    const after = await get(set.id);
    await auditSystem(deps, "change-sets.fail", { type: "config_change_set", id: set.id }, { status: after.status, error }, false, { status: set.status });
    await notices.decided(table, after, null);
    return after;
  }

  /**
   * Applies an approved (or emergency) set against the current state and releases it, in one transaction
   * claimed by the status UPDATE: a second process finds nothing to claim. A gray release in progress keeps
   * the set approved (the minute pass retries); changes that no longer apply fail the set with the error.
   */
  async function release(id: string, by: string | null, o: { emergency?: boolean; audit?: boolean; scheduledBy?: string } = {}): Promise<ConfigChangeSet> {
    return (await releaseOnce(id, by, o)).set;
  }

  /** `done`: this call released it (another process, or an earlier pass, finds nothing to claim). */
  async function releaseOnce(id: string, by: string | null, o: { emergency?: boolean; audit?: boolean; scheduledBy?: string } = {}): Promise<{ set: ConfigChangeSet; done: boolean }> {
    const set = await get(id);
    if (set.status !== "approved" && set.status !== "scheduled") return { set, done: false };
    const table = await deps.data.getTable(set.table);
    if (!table) return { set: await fail(set, null, t(DEFAULT_LOCALE, "config.release.table_not_found", { table: set.table })), done: false };
    const author = (await deps.userActor(set.author_id)) ?? systemActor(`change-set:${set.id}`);
    let done: { rel: Awaited<ReturnType<Releases["create"]>>; diff: ConfigDiffEntry[]; version: number } | null = null;
    try {
      done = await db.tx(async () => {
        const claimed = await db.get(
          "UPDATE config_change_sets SET status = 'released', updated_at = ? WHERE id = ? AND status IN ('approved', 'scheduled') RETURNING id", [iso(clock.now()), id],
        );
        if (!claimed) return null;
        const applied = await deps.data.apply(table, set.changes, { actor: author, reason: set.reason, kind: "change_set", change_set_id: set.id });
        const rel = await releases.create(table, {
          version: applied.version, kind: o.emergency ? "emergency" : "change_set", gray: o.emergency ? null : set.gray, change_set_id: set.id,
          note: set.reason, by: by ?? "system", supersedeGray: o.emergency,
        });
        await db.run("UPDATE config_change_sets SET version = ?, release_number = ? WHERE id = ?", [applied.version, rel.number, id]);
        return { rel, diff: applied.diff, version: applied.version };
      });
    } catch (e) {
      if (isAppError(e) && e.code === "config.release.gray_in_progress") {
        deps.logger?.info("config change set waits for a gray release to end", { change_set_id: id });
        return { set: await get(id), done: false };
      }
      deps.logger?.warn("config change set failed to apply", { change_set_id: id, err: e });
      return { set: await fail(set, table, describe(e)), done: false };
    }
    const after = await get(id);
    if (!done) return { set: after, done: false };
    const scheduled = o.scheduledBy ? await scheduledNote(o.scheduledBy) : {};
    if (o.audit !== false) await auditSystem(deps, "change-sets.release", { type: "config_change_set", id }, { status: after.status, version: after.version, release: after.release, ...scheduled }, true, { status: set.status });
    await notices.released((await deps.data.getTable(set.table)) ?? table, done.rel, { by, reason: set.reason, emergency: o.emergency, diff: done.diff, from: done.version - 1 });
    await notices.decided(table, after, by);
    return { set: after, done: true };
  }

  /** What the audit says of a release the minute pass made: who arranged it ("scheduled by X"). */
  async function scheduledNote(userId: string): Promise<{ scheduled_by: string; note: string }> {
    const user = await db.get<{ display_name: string; username: string }>("SELECT display_name, username FROM users WHERE id = ?", [userId]);
    const name = user ? `${user.display_name} (${user.username})` : userId;
    return { scheduled_by: userId, note: t(DEFAULT_LOCALE, "config.system.scheduled_by", { name }) };
  }

  /** An approval ended: approved → released now or scheduled; rejected / withdrawn → the set follows. */
  async function approvalEnded(approvalId: string, status: string, decidedBy: string | null): Promise<void> {
    if (status === "pending") return;
    const row = await db.get<ChangeSetRow>(`SELECT ${CHANGE_SET_SELECT} FROM ${CHANGE_SET_FROM} WHERE s.approval_id = ? AND s.status = 'pending'`, [approvalId]);
    if (!row) return;
    const set = toChangeSet(row);
    const table = await deps.data.getTable(set.table);
    const at = iso(clock.now());
    if (status === "approved" && decidedBy === set.author_id) {
      await fail(set, table, t(DEFAULT_LOCALE, "config.release.self_approved"));
      return;
    }
    const next: ChangeSetStatus = status === "approved" ? (set.release_at && set.release_at > at ? "scheduled" : "approved") : status === "rejected" ? "rejected" : "withdrawn";
    const moved = await db.get("UPDATE config_change_sets SET status = ?, updated_at = ? WHERE id = ? AND status = 'pending' RETURNING id", [next, at, set.id]);
    if (!moved) return;
    await auditSystem(deps, "change-sets.decide", { type: "config_change_set", id: set.id }, { status: next, approval_id: approvalId, decided_by: decidedBy }, true, { status: "pending" });
    if (next === "approved") await release(set.id, decidedBy);
    else await notices.decided(table, await get(set.id), decidedBy);
  }

  return {
    get: visible,
    submit,
    release,
    approvalEnded,
    async list(actor: UserActor, q: ChangeSetQuery): Promise<Page<ConfigChangeSet>> {
      const where = new Where().eq("s.table_name", q.table).eq("s.status", q.status);
      if (q.mine === "1") where.eq("s.author_id", actor.userId);
      if (q.table) {
        const table = await deps.data.getTable(q.table);
        if (table && !(await canRead(db, actor, table))) throw tableForbidden(q.table);
      } else {
        // every table: leave out the sets of tables whose read roles the reader lacks
        const restricted = await db.all<{ name: string; read_roles: string; system: number | string | boolean }>(
          "SELECT name, read_roles, system FROM config_tables WHERE read_roles <> '[]' OR system = 1",
        );
        const hidden: string[] = [];
        for (const t of restricted) {
          const system = t.system === true || Number(t.system) === 1;
          if (!(await canRead(db, actor, { system, read_roles: JSON.parse(t.read_roles) as string[] } as ConfigTable))) hidden.push(t.name);
        }
        if (hidden.length) where.add(`s.table_name NOT IN (${hidden.map(() => "?").join(", ")})`, ...hidden);
      }
      return paginate<ChangeSetRow, ConfigChangeSet>(db, {
        select: CHANGE_SET_SELECT, from: CHANGE_SET_FROM, where, query: q, sortable: { created_at: "s.created_at", updated_at: "s.updated_at", status: "s.status" },
        defaultSort: "s.created_at DESC, s.id DESC", map: toChangeSet,
      });
    },
    /** The author takes a pending set back; its approval is withdrawn with it. */
    async withdraw(actor: UserActor, id: string): Promise<ConfigChangeSet> {
      const before = await visible(actor, id);
      if (before.author_id !== actor.userId) throw notAuthor();
      const moved = await db.get("UPDATE config_change_sets SET status = 'withdrawn', updated_at = ? WHERE id = ? AND status = 'pending' RETURNING id", [iso(clock.now()), id]);
      if (!moved) throw notPending(before.status);
      if (before.approval_id) await deps.approvals.withdraw(before.approval_id, "config.release.withdrawn_by_author").catch((e) => deps.logger?.warn("config change set approval withdraw failed", { change_set_id: id, err: e }));
      const after = await get(id);
      noteAudit({ module: "config", resourceType: "config_change_set", resourceId: id, before: { status: before.status }, after: { status: after.status } });
      return after;
    },
    /**
     * config:emergency: publishes a pending (or approved, scheduled) set at once without review, in full; its
     * approval is withdrawn. The subscribers and the owner department's head are told.
     */
    async emergency(actor: UserActor, id: string, reason: string): Promise<ConfigChangeSet> {
      const before = await visible(actor, id);
      // changes that no longer apply (a record gone, a value now refused): 409 before anything moves
      const table = await deps.data.getTable(before.table);
      if (table && ["pending", "approved", "scheduled"].includes(before.status)) {
        const problems = await deps.data.check(table, before.changes, actor);
        if (problems.length) throw staleChangeSet(problems);
      }
      const moved = await db.get(
        "UPDATE config_change_sets SET status = 'approved', emergency = 1, gray = NULL, updated_at = ? WHERE id = ? AND status IN ('pending', 'approved', 'scheduled') RETURNING id",
        [iso(clock.now()), id],
      );
      if (!moved) throw notPending(before.status);
      if (before.status === "pending" && before.approval_id) {
        await deps.approvals.withdraw(before.approval_id, "config.release.emergency_published").catch((e) => deps.logger?.warn("config change set approval withdraw failed", { change_set_id: id, err: e }));
      }
      const after = await release(id, actor.userId, { emergency: true, audit: false });
      noteAudit({ module: "config", resourceType: "config_change_set", resourceId: id, before: { status: before.status }, after: { status: after.status, emergency: true, reason, version: after.version, release: after.release, error: after.error } });
      return after;
    },
    /** The minute pass: approved sets still waiting (a gray release was in progress) and scheduled sets now due. */
    async releaseDue(): Promise<number> {
      const now = iso(clock.now());
      const due = await db.all<{ id: string; approval_id: string | null; author_id: string }>(
        "SELECT id, approval_id, author_id FROM config_change_sets WHERE status = 'approved' OR (status = 'scheduled' AND release_at <= ?) ORDER BY created_at LIMIT 100", [now],
      );
      let released = 0;
      for (const d of due) {
        // released in the name of whoever approved it (else its author), not "system": they arranged it
        const by = (d.approval_id ? await deps.approvals.approvedBy?.(d.approval_id) : null) ?? d.author_id;
        if ((await releaseOnce(d.id, by, { scheduledBy: by })).done) released++;
      }
      return released;
    },
  };
}

export type ChangeSets = ReturnType<typeof createChangeSets>;
