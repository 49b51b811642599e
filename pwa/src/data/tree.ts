import type { Department } from "./types.ts";

/** Helpers over the department tree the API returns. */
export type FlatDept = { id: string; name: string; depth: number; parent_id: string | null };

export function flattenDepartments(nodes: Department[], depth = 0, out: FlatDept[] = []): FlatDept[] {
  for (const n of nodes) {
    out.push({ id: n.id, name: n.name, depth, parent_id: n.parent_id });
    flattenDepartments(n.children ?? [], depth + 1, out);
  }
  return out;
}

/** Ids of a node and everything under it (to keep a department from becoming its own parent). */
export function subtreeIds(nodes: Department[], rootId: string): Set<string> {
  const out = new Set<string>();
  const walk = (list: Department[], inside: boolean) => {
    for (const n of list) {
      const hit = inside || n.id === rootId;
      if (hit) out.add(n.id);
      walk(n.children ?? [], hit);
    }
  };
  walk(nodes, false);
  return out;
}
