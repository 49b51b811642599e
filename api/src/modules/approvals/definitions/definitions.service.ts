import type { FieldError, Page, UserActor } from "@ops/shared";
import type { ApprovalDefinition } from "@ops/shared/contracts/approvals.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { Where, insertRow, paginate } from "../../../platform/db/query.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { definitionNotFound, invalidFields, keyTaken } from "../approvals.errors.ts";
import type { DefinitionInput } from "../approvals.schema.ts";
import { findDefinitionRow, listVersions, loadVersion, toDefinition, type DefinitionRow, type DefinitionVersion } from "./definition.store.ts";
import { checkHooks } from "../hooks/index.ts";
import { checkPublishable, checkShape, type Lookups } from "./validate.ts";

const SORTABLE = { created_at: "created_at", updated_at: "updated_at", key: "key", name: "name" };
const isUniqueViolation = (e: unknown) => /unique|duplicate key/i.test(String((e as Error)?.message ?? e));

/** Definitions: a draft edited in place; publishing writes the next immutable version (instances keep theirs); archived ones start nothing new. */
export function createDefinitions(deps: ApprovalsDeps) {
  const { db, clock } = deps;
  const lookups: Lookups = {
    async missingUsers(ids) {
      const rows = await db.all<{ id: string }>(`SELECT id FROM users WHERE deleted_at IS NULL AND id IN (${ids.map(() => "?").join(", ")})`, ids);
      const found = new Set(rows.map((r) => r.id));
      return ids.filter((id) => !found.has(id));
    },
    roleExists: async (role) => (await db.get("SELECT id FROM roles WHERE id = ? OR code = ?", [role, role])) !== undefined,
    async activeCount(rule) {
      const active = "u.deleted_at IS NULL AND u.status <> 'disabled'";
      if (rule.type === "users" && rule.users?.length) {
        const r = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM users u WHERE ${active} AND u.id IN (${rule.users.map(() => "?").join(", ")})`, rule.users);
        return Number(r?.n ?? 0);
      }
      if (rule.type === "role" && rule.role) {
        const r = await db.get<{ n: number | string }>(
          `SELECT COUNT(*) AS n FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE ${active} AND (r.id = ? OR r.code = ?)`, [rule.role, rule.role],
        );
        return Number(r?.n ?? 0);
      }
      return null;
    },
    async published(key) {
      const r = await db.get<{ id: string; published_version: number | string | null; status: string }>("SELECT id, published_version, status FROM approval_definitions WHERE key = ?", [key]);
      if (!r || r.status === "archived" || r.published_version === null) return null;
      return (await loadVersion(db, r.id, Number(r.published_version))) ?? null;
    },
  };

  async function row(idOrKey: string): Promise<DefinitionRow> {
    const r = await findDefinitionRow(db, idOrKey);
    if (!r) throw definitionNotFound();
    return r;
  }
  const columns = (input: DefinitionInput) => ({
    key: input.key, name: input.name, description: input.description, form: JSON.stringify(input.form), nodes: JSON.stringify(input.nodes),
    edges: JSON.stringify(input.edges), settings: JSON.stringify(input.settings), hooks: JSON.stringify(input.hooks ?? []),
  });
  /** Shape checks, then hooks (their jobs and flows as the caller sees them). */
  async function checkSave(actor: UserActor, input: DefinitionInput) {
    const errors = checkShape(input);
    errors.push(...(await checkHooks(input.hooks ?? [], input.form, deps.hookTargets, actor)));
    if (errors.length) throw invalidFields(errors);
  }
  async function unique(fn: () => Promise<void>, key: string) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e)) throw keyTaken(key);
      throw e;
    }
  }

  async function create(actor: UserActor, input: DefinitionInput): Promise<ApprovalDefinition> {
    await checkSave(actor, input);
    if (await findDefinitionRow(db, input.key)) throw keyTaken(input.key);
    const id = newId();
    const at = iso(clock.now());
    await unique(() => insertRow(db, "approval_definitions", { id, ...columns(input), status: "draft", published_version: null, created_by: actor.userId, created_at: at, updated_at: at }), input.key);
    const def = toDefinition(await row(id));
    noteAudit({ resourceType: "approval_definition", resourceId: id, after: def });
    return def;
  }

  async function update(actor: UserActor, idOrKey: string, input: DefinitionInput): Promise<ApprovalDefinition> {
    const before = toDefinition(await row(idOrKey));
    await checkSave(actor, input);
    const other = await findDefinitionRow(db, input.key);
    if (other && other.id !== before.id) throw keyTaken(input.key);
    const c = columns(input);
    await unique(() => db.run(
      "UPDATE approval_definitions SET key = ?, name = ?, description = ?, form = ?, nodes = ?, edges = ?, settings = ?, hooks = ?, updated_at = ? WHERE id = ?",
      [c.key, c.name, c.description, c.form, c.nodes, c.edges, c.settings, c.hooks, iso(clock.now()), before.id],
    ), input.key);
    const after = toDefinition(await row(before.id));
    noteAudit({ resourceType: "approval_definition", resourceId: before.id, before, after });
    return after;
  }

  /** Only a definition no approval ever started from can be deleted (archive the others). */
  async function remove(_actor: UserActor, idOrKey: string): Promise<{ id: string }> {
    const before = toDefinition(await row(idOrKey));
    const used = await db.get("SELECT id FROM approval_instances WHERE definition_id = ? LIMIT 1", [before.id]);
    if (used) throw invalidFields([{ field: "id", message: "approvals.definition_in_use" }]);
    await db.tx(async () => {
      await db.run("DELETE FROM approval_definition_versions WHERE definition_id = ?", [before.id]);
      await db.run("DELETE FROM approval_definitions WHERE id = ?", [before.id]);
    });
    noteAudit({ resourceType: "approval_definition", resourceId: before.id, before });
    return { id: before.id };
  }

  async function publish(actor: UserActor, idOrKey: string): Promise<ApprovalDefinition> {
    const before = toDefinition(await row(idOrKey));
    const errors = await checkPublishable(before, lookups, before.key);
    errors.push(...(await checkHooks(before.hooks ?? [], before.form, deps.hookTargets, actor)));
    if (errors.length) throw invalidFields(errors);
    const at = iso(clock.now());
    await db.tx(async () => {
      // the next version is taken under the row's own update, so two publishes at once get two versions
      const next = await db.get<{ v: number | string }>(
        "UPDATE approval_definitions SET published_version = COALESCE(published_version, 0) + 1, status = 'published', updated_at = ? WHERE id = ? RETURNING published_version AS v",
        [at, before.id],
      );
      await insertRow(db, "approval_definition_versions", {
        definition_id: before.id, version: Number(next!.v), name: before.name, form: JSON.stringify(before.form), nodes: JSON.stringify(before.nodes),
        edges: JSON.stringify(before.edges), settings: JSON.stringify(before.settings), hooks: JSON.stringify(before.hooks ?? []), published_by: actor.userId, published_at: at,
      });
    });
    const after = toDefinition(await row(before.id));
    noteAudit({ resourceType: "approval_definition", resourceId: before.id, before: { status: before.status, published_version: before.published_version }, after: { status: after.status, published_version: after.published_version } });
    return after;
  }

  async function archive(_actor: UserActor, idOrKey: string): Promise<ApprovalDefinition> {
    const before = toDefinition(await row(idOrKey));
    await db.run("UPDATE approval_definitions SET status = 'archived', updated_at = ? WHERE id = ?", [iso(clock.now()), before.id]);
    const after = toDefinition(await row(before.id));
    noteAudit({ resourceType: "approval_definition", resourceId: before.id, before: { status: before.status }, after: { status: after.status } });
    return after;
  }

  async function list(q: { page: number; page_size: number; sort?: string; status?: string; q?: string }): Promise<Page<ApprovalDefinition>> {
    const w = new Where().eq("status", q.status);
    w.search(["key", "name"], q.q?.trim());
    return paginate<DefinitionRow, ApprovalDefinition>(db, { select: "*", from: "approval_definitions", where: w, query: q, sortable: SORTABLE, defaultSort: "created_at DESC, id DESC", map: toDefinition });
  }

  /** The designer's inline check: `{ok, errors}` (200), the checks publishing makes, nothing stored. */
  async function validate(input: Pick<DefinitionInput, "form" | "nodes" | "edges">): Promise<{ ok: boolean; errors: FieldError[] }> {
    const errors = await checkPublishable(input, lookups);
    return { ok: errors.length === 0, errors };
  }

  return {
    create, update, remove, publish, archive, list, validate,
    get: async (idOrKey: string) => toDefinition(await row(idOrKey)),
    row,
    versions: async (idOrKey: string): Promise<DefinitionVersion[]> => listVersions(db, (await row(idOrKey)).id),
    async version(idOrKey: string, n: number): Promise<DefinitionVersion> {
      const v = await loadVersion(db, (await row(idOrKey)).id, n);
      if (!v) throw definitionNotFound();
      return v;
    },
  };
}

export type Definitions = ReturnType<typeof createDefinitions>;
