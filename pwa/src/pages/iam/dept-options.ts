import { departmentsApi, rolesApi } from "../../data/directory.ts";
import { flattenDepartments } from "../../data/tree.ts";
import type { Department, Role } from "../../data/types.ts";
import type { Option } from "../../ui/select.tsx";

/** Lookups that forms need; a missing permission yields an empty list rather than a broken form. */
export async function departmentsOrEmpty(): Promise<Department[]> {
  try {
    return await departmentsApi.tree();
  } catch {
    return [];
  }
}

export async function rolesOrEmpty(): Promise<Role[]> {
  try {
    return await rolesApi.list();
  } catch {
    return [];
  }
}

/** Tree as select options, indented by depth. */
export function deptOptions(tree: Department[], exclude: Set<string> = new Set()): Option[] {
  return flattenDepartments(tree)
    .filter((d) => !exclude.has(d.id))
    .map((d) => ({ value: d.id, label: `${"\u3000".repeat(d.depth)}${d.name}` }));
}
