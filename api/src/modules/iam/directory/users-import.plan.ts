import * as z from "zod";
import { AppError, hasPermission, t, type Actor, type Locale } from "@ops/shared";
import type { IamDeps } from "../iam.deps.ts";
import { assertCanGrantRoles, assertDeptInScope, assertMayManageUser, changedIds } from "../access/index.ts";
import { checkPasswordPolicy } from "../auth/index.ts";
import type { UserQueries } from "./users.query.ts";
import { USERNAME_PATTERN } from "./users.schema.ts";
import { assertMayDisable } from "./users.service.ts";
import type { ParsedFile, ImportRow } from "./users-import.parse.ts";
import { loadDirectoryRefs, type DirectoryRefs } from "./users-io.refs.ts";
import { IMPORT_COLUMNS, parseLocale, parseStatus, splitList, type ImportColumn } from "./users-io.columns.ts";
import type { User } from "./users.schema.ts";

export type ImportMode = "create" | "upsert";
export type ImportAction = "create" | "update" | "skip";
export type RowError = { column: ImportColumn; message: string };

/** What a row will write: the new user, or the fields that change on an existing one. */
export type NewUser = {
  username: string; display_name: string; dept_id: string; role_ids: string[]; email: string | null; phone: string | null;
  status: "active" | "disabled"; locale: Locale; password: string | null;
};
export type UserChange = { id: string; before: User; fields: Record<string, unknown>; role_ids: string[] | null };

export type PlannedRow = {
  row: number;
  username: string;
  display_name: string;
  action: ImportAction;
  /** the columns an update changes */
  changes: ImportColumn[];
  errors: RowError[];
  create?: NewUser;
  update?: UserChange;
};

const emailOk = (v: string) => z.email().max(254).safeParse(v).success;
const phoneOk = (v: string) => /^\+?[0-9 -]{5,20}$/.test(v);
const MAX_NAME = 64;

/**
 * The dry run: every row checked as creating (or, with mode upsert, editing) that user through the
 * directory would check it — required columns, formats, duplicates in the file, the username free,
 * department and roles known, inside the actor's data scope and grants, the password policy —
 * with every problem of a row reported at once, by column, in the reader's language.
 */
export async function planImport(deps: IamDeps, queries: UserQueries, actor: Actor, file: ParsedFile, mode: ImportMode, locale: Locale): Promise<PlannedRow[]> {
  const refs = await loadDirectoryRefs(deps.db);
  const existing = await existingUsers(deps, file.rows.map((r) => r.values.username.toLowerCase()).filter(Boolean));
  const firstRow = new Map<string, number>();
  const planned: PlannedRow[] = [];
  for (const r of file.rows) {
    const errors: Err[] = [];
    const v = r.values;
    const key = v.username.toLowerCase();
    if (!v.username) errors.push({ column: "username", key: "iam.import.required" });
    else if (!USERNAME_PATTERN.test(v.username)) errors.push({ column: "username", key: "iam.username_invalid" });
    else if (firstRow.has(key)) errors.push({ column: "username", key: "iam.import.duplicate_in_file", params: { row: firstRow.get(key) } });
    else firstRow.set(key, r.row);
    if (!v.display_name) errors.push({ column: "display_name", key: "iam.import.required" });
    else if (v.display_name.length > MAX_NAME) errors.push({ column: "display_name", key: "iam.import.too_long", params: { max: MAX_NAME } });
    if (v.email && !emailOk(v.email)) errors.push({ column: "email", key: "iam.email_invalid" });
    if (v.phone && !phoneOk(v.phone)) errors.push({ column: "phone", key: "iam.phone_invalid" });
    const status = parseStatus(v.status);
    if (status === null) errors.push({ column: "status", key: "iam.import.bad_status" });
    const userLocale = parseLocale(v.locale);
    if (userLocale === null) errors.push({ column: "locale", key: "iam.import.bad_locale" });
    const roleMatch = v.roles ? refs.role(splitList(v.roles)) : { ids: null };
    if ("error" in roleMatch) errors.push({ column: "roles", key: roleMatch.error, params: { value: roleMatch.value } });
    const roleIds = "ids" in roleMatch ? roleMatch.ids : null;

    const found = existing.get(key);
    const base = { row: r.row, username: v.username, display_name: v.display_name };
    const ctx: RowCtx = { deps, queries, actor, refs, row: r, errors, status: status ?? undefined, locale: userLocale ?? undefined, roleIds };
    if (found && mode === "create") {
      errors.push({ column: "username", key: "iam.username_taken", params: { username: v.username } });
      planned.push({ ...base, action: "create", changes: [], errors: translate(errors, locale) });
    } else if (found) {
      const update = await planUpdate(ctx, found);
      planned.push({ ...base, action: update && Object.keys(update.fields).length + (update.role_ids ? 1 : 0) > 0 ? "update" : "skip", changes: update ? changedColumns(update) : [], errors: translate(errors, locale), ...(update ? { update } : {}) });
    } else {
      const create = await planCreate(ctx);
      planned.push({ ...base, action: "create", changes: [], errors: translate(errors, locale), ...(create ? { create } : {}) });
    }
  }
  return planned;
}

type Err = { column: ImportColumn; key: string; params?: Record<string, unknown> };
type RowCtx = {
  deps: IamDeps; queries: UserQueries; actor: Actor; refs: DirectoryRefs; row: ImportRow; errors: Err[];
  status?: "active" | "disabled"; locale?: Locale; roleIds: string[] | null;
};

async function planCreate(c: RowCtx): Promise<NewUser | null> {
  const v = c.row.values;
  let deptId: string | null = null;
  if (!v.department) c.errors.push({ column: "department", key: "iam.import.required" });
  else deptId = await resolveDept(c, v.department);
  if (c.roleIds?.length) await guard(c, "roles", () => assertCanGrantRoles(c.deps.db, c.actor, c.roleIds!));
  if (v.password && v.username) {
    try {
      await checkPasswordPolicy(c.deps, v.password, { username: v.username });
    } catch (e) {
      pushAppError(c.errors, "password", e);
    }
  }
  if (c.errors.length || !deptId) return null;
  return {
    username: v.username, display_name: v.display_name, dept_id: deptId, role_ids: c.roleIds ?? [], email: v.email || null, phone: v.phone || null,
    status: c.status ?? "active", locale: c.locale ?? "zh-CN", password: v.password || null,
  };
}

async function planUpdate(c: RowCtx, id: string): Promise<UserChange | null> {
  const v = c.row.values;
  if (!hasPermission(c.actor, "iam:user:update")) {
    c.errors.push({ column: "username", key: "iam.import.update_forbidden" });
    return null;
  }
  let before: User;
  try {
    await c.queries.get(c.actor, id);
    before = (await c.queries.load(id))!;
  } catch {
    c.errors.push({ column: "username", key: "iam.import.user_out_of_scope" });
    return null;
  }
  await guard(c, "username", () => assertMayManageUser(c.deps.db, c.actor, id));
  if (v.password) c.errors.push({ column: "password", key: "iam.import.password_new_only" });
  const fields: Record<string, unknown> = {};
  if (v.display_name && v.display_name !== before.display_name) fields.display_name = v.display_name;
  if (v.email && v.email !== before.email) fields.email = v.email;
  if (v.phone && v.phone !== before.phone) fields.phone = v.phone;
  if (c.locale && c.locale !== before.locale) fields.locale = c.locale;
  if (c.status && c.status !== before.status) {
    fields.status = c.status;
    if (c.status === "disabled") await guard(c, "status", async () => assertMayDisable(c.actor, before));
  }
  if (v.department) {
    const deptId = await resolveDept(c, v.department);
    if (deptId && deptId !== before.dept_id) fields.dept_id = deptId;
  }
  let roleIds: string[] | null = null;
  if (c.roleIds) {
    const current = before.roles.map((r) => r.id);
    const changed = changedIds(current, c.roleIds);
    if (changed.length) {
      roleIds = c.roleIds;
      await guard(c, "roles", () => assertCanGrantRoles(c.deps.db, c.actor, changed));
    }
  }
  return c.errors.length ? null : { id, before, fields, role_ids: roleIds };
}

async function resolveDept(c: RowCtx, value: string): Promise<string | null> {
  const match = c.refs.dept(value);
  if ("error" in match) {
    c.errors.push({ column: "department", key: match.error, params: { value } });
    return null;
  }
  return (await guard(c, "department", () => assertDeptInScope(c.deps.db, c.actor, match.id))) ? match.id : null;
}

/** Runs a directory guard; its refusal becomes this row's error on `column`. */
async function guard(c: RowCtx, column: ImportColumn, check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (e) {
    pushAppError(c.errors, column, e);
    return false;
  }
}

function pushAppError(errors: Err[], column: ImportColumn, e: unknown): void {
  if (!(e instanceof AppError)) throw e;
  const keys = e.code === "iam.password_policy" && e.errors?.length ? e.errors.map((x) => x.message) : [e.code];
  for (const key of keys) errors.push({ column, key, params: { ...e.params } });
}

/** In the file's column order, as a person reads the row. */
function translate(errors: Err[], locale: Locale): RowError[] {
  const order = (c: ImportColumn) => IMPORT_COLUMNS.indexOf(c);
  return errors.toSorted((a, b) => order(a.column) - order(b.column)).map((e) => ({ column: e.column, message: t(locale, e.key, e.params ?? {}) }));
}

function changedColumns(u: UserChange): ImportColumn[] {
  const map: Record<string, ImportColumn> = { display_name: "display_name", email: "email", phone: "phone", locale: "locale", status: "status", dept_id: "department" };
  const out = Object.keys(u.fields).map((k) => map[k]!);
  if (u.role_ids) out.push("roles");
  return out;
}

/** Live users named in the file, by lower-case username. */
async function existingUsers(deps: IamDeps, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(names)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await deps.db.all<{ id: string; username: string }>(
      `SELECT id, username FROM users WHERE deleted_at IS NULL AND LOWER(username) IN (${chunk.map(() => "?").join(", ")})`, chunk,
    );
    for (const r of rows) out.set(r.username.toLowerCase(), r.id);
  }
  return out;
}
