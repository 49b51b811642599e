import { LOCALES, type Locale } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { builtinName } from "../access/index.ts";

type DeptRow = { id: string; parent_id: string | null; name: string; code: string | null; path: string };
type RoleRow = { id: string; code: string; name: string; builtin: number | boolean };

export type DeptMatch = { id: string } | { error: "iam.import.unknown_dept" | "iam.import.ambiguous_dept" };
export type RoleMatch = { ids: string[] } | { error: "iam.import.unknown_role"; value: string };

/**
 * Departments and roles as an import file names them: a department by its name, its path below
 * the root (运营中心/运营一部, with or without the root's name) or its code; a role by its name or
 * code. Built-in names match in either language, as the template and the export write them.
 */
export async function loadDirectoryRefs(db: Db) {
  const depts = await db.all<DeptRow>("SELECT id, parent_id, name, code, path FROM departments");
  const roles = await db.all<RoleRow>("SELECT id, code, name, builtin FROM roles");
  const byId = new Map(depts.map((d) => [d.id, d]));
  const names = (d: DeptRow) => [...new Set([d.name, ...LOCALES.map((l) => builtinName("dept", d.code, d.name, l))])];

  /** Every way of writing each department: names, paths (with and without the root), code. */
  const deptKeys = new Map<string, Set<string>>();
  const addKey = (key: string, id: string) => {
    const k = key.trim().toLowerCase();
    if (!deptKeys.has(k)) deptKeys.set(k, new Set());
    deptKeys.get(k)!.add(id);
  };
  for (const d of depts) {
    if (d.code) addKey(d.code, d.id);
    for (const locale of LOCALES) {
      const chain = ancestry(d, byId).map((x) => builtinName("dept", x.code, x.name, locale));
      addKey(chain.join("/"), d.id);
      if (chain.length > 1) addKey(chain.slice(1).join("/"), d.id);
    }
    for (const n of names(d)) addKey(n, d.id);
  }

  function dept(value: string): DeptMatch {
    const key = value.replace(/\s*[/／>＞]\s*/g, "/").trim().toLowerCase();
    const ids = deptKeys.get(key);
    if (!ids || ids.size === 0) return { error: "iam.import.unknown_dept" };
    if (ids.size > 1) return { error: "iam.import.ambiguous_dept" };
    return { id: [...ids][0]! };
  }

  function role(values: string[]): RoleMatch {
    const ids: string[] = [];
    for (const value of values) {
      const v = value.toLowerCase();
      const hit = roles.find((r) => r.code.toLowerCase() === v)
        ?? roles.find((r) => r.name.toLowerCase() === v || (Number(r.builtin) === 1 && LOCALES.some((l) => builtinName("role", r.code, r.name, l).toLowerCase() === v)));
      if (!hit) return { error: "iam.import.unknown_role", value };
      if (!ids.includes(hit.id)) ids.push(hit.id);
    }
    return { ids };
  }

  /** A department's path as the export writes it (below the root, names in the reader's language). */
  function deptPath(id: string | null, locale: Locale): string {
    const d = id ? byId.get(id) : undefined;
    if (!d) return "";
    const chain = ancestry(d, byId).map((x) => builtinName("dept", x.code, x.name, locale));
    return (chain.length > 1 ? chain.slice(1) : chain).join("/");
  }

  const roleName = (id: string, locale: Locale) => {
    const r = roles.find((x) => x.id === id);
    return r ? builtinName("role", r.code, r.name, locale) : "";
  };

  return { dept, role, deptPath, roleName, depts, roles };
}

export type DirectoryRefs = Awaited<ReturnType<typeof loadDirectoryRefs>>;

/** Root first, the department itself last. */
function ancestry(d: DeptRow, byId: Map<string, DeptRow>): DeptRow[] {
  const chain: DeptRow[] = [];
  let cur: DeptRow | undefined = d;
  while (cur && chain.length < 64) {
    chain.unshift(cur);
    cur = cur.parent_id ? byId.get(cur.parent_id) : undefined;
  }
  return chain;
}
