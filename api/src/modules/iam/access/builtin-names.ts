import type { Context } from "hono";
import { LOCALES, hasMessage, pickLocale, t, type Locale } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { currentContext } from "../../../platform/context.ts";
import { deptCodesFor } from "../settings/index.ts";

/**
 * Names of built-in rows (the five seeded roles, the root department, demo departments) in the
 * request's language. Only a row that still has its default (Chinese) name is translated: a name
 * an admin entered, even on a built-in row, is shown as entered in every language. Applied to
 * answers only; the store, audit snapshots and searches keep the stored name. Department codes
 * come from the IAM cache (versioned like the department tree), not a query per answer.
 */
export function builtinName(kind: "role" | "dept", code: string | null | undefined, name: string, locale: Locale): string {
  if (!code) return name;
  const key = `iam.builtin.${kind}.${code}`;
  if (!hasMessage(key) || t("zh-CN", key) !== name) return name;
  return t(locale, key);
}

/**
 * The language the request asks for: `?lang=`, then Accept-Language, then the signed-in user's
 * stored preference (a name is data shown in the caller's current view, unlike messages).
 */
export function nameLocale(c: Context): Locale {
  const asked = c.req.query("lang") ?? c.req.header("accept-language");
  if (asked) return pickLocale(asked);
  const actor = c.get("actor") as { locale?: Locale } | undefined;
  return actor?.locale ?? "zh-CN";
}

/** A role (or list of roles) as answered: built-in ones with their default name in the request's language. */
export function localizeRoles<T extends { code: string; name: string; builtin: boolean }>(locale: Locale, roles: T): T;
export function localizeRoles<T extends { code: string; name: string; builtin: boolean }>(locale: Locale, roles: T[]): T[];
export function localizeRoles<T extends { code: string; name: string; builtin: boolean }>(locale: Locale, roles: T | T[]): T | T[] {
  const one = (r: T): T => (r.builtin ? { ...r, name: builtinName("role", r.code, r.name, locale) } : r);
  return Array.isArray(roles) ? roles.map(one) : one(roles);
}

type DeptLike = { id: string; name: string; children?: unknown };

/** Departments as answered (one, a flat list or a tree with `children`): built-in ones translated. */
export async function localizeDepts<T>(db: Db, locale: Locale, value: T): Promise<T> {
  if (locale === "zh-CN") return value;
  const codes = await deptCodesFor(db, currentContext()?.actor);
  if (codes.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== "object") return v;
    const d = v as DeptLike;
    if (typeof d.id !== "string" || typeof d.name !== "string") return v;
    const out: DeptLike = { ...d, name: builtinName("dept", codes.get(d.id), d.name, locale) };
    if (Array.isArray(d.children)) out.children = d.children.map(walk);
    return out;
  };
  return walk(value) as T;
}

type UserLike = { dept_id?: string | null; dept_name?: string | null; roles?: { code: string; name: string }[] };

/** Users as answered (one, or a page with `items`): their department and role names, as `/departments` and `/roles` give them. */
export async function localizeUsers<T>(db: Db, locale: Locale, value: T): Promise<T> {
  if (locale === "zh-CN") return value;
  const codes = await deptCodesFor(db, currentContext()?.actor);
  // role codes are unique and the built-in codes belong to the built-in roles
  const one = (u: UserLike): UserLike => ({
    ...u,
    ...(typeof u.dept_name === "string" && u.dept_id ? { dept_name: builtinName("dept", codes.get(u.dept_id), u.dept_name, locale) } : {}),
    ...(Array.isArray(u.roles) ? { roles: u.roles.map((r) => ({ ...r, name: builtinName("role", r.code, r.name, locale) })) } : {}),
  });
  const page = value as { items?: unknown };
  if (page && Array.isArray(page.items)) return { ...page, items: (page.items as UserLike[]).map(one) } as T;
  return one(value as UserLike) as T;
}

/**
 * An edit form filled from a translated answer sends the translation back: a built-in row that
 * still has its default name keeps it when the name sent is that default in any language, so
 * saving a role's permissions in English does not rename it to "Operations manager".
 */
export async function keepDefaultName<B extends { name?: string }>(db: Db, kind: "role" | "dept", id: string, body: B): Promise<B> {
  if (body.name === undefined) return body;
  const row = kind === "role"
    ? await db.get<{ code: string | null; name: string }>("SELECT code, name FROM roles WHERE id = ? AND builtin = 1", [id])
    : await db.get<{ code: string | null; name: string }>("SELECT code, name FROM departments WHERE id = ? AND code IS NOT NULL", [id]);
  if (!row?.code) return body;
  const key = `iam.builtin.${kind}.${row.code}`;
  if (!hasMessage(key) || row.name !== t("zh-CN", key)) return body;
  return LOCALES.some((l) => t(l, key) === body.name) ? { ...body, name: row.name } : body;
}
