import type { Context } from "hono";
import { hasMessage, pickLocale, t, type Locale } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";

/**
 * Names of built-in rows (the five seeded roles, the root department, demo departments) in the
 * request's language. Only a row that still has its default (Chinese) name is translated: a name
 * an admin entered, even on a built-in row, is shown as entered in every language. Applied to
 * answers only; the store, audit snapshots and searches keep the stored name.
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
  const codes = new Map(
    (await db.all<{ id: string; code: string }>("SELECT id, code FROM departments WHERE code IS NOT NULL")).map((r) => [r.id, r.code]),
  );
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
