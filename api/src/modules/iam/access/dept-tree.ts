import type { Db } from "../../../platform/db/db.ts";

export type TreeNode<T> = T & { children: TreeNode<T>[] };

/**
 * Rows (already in display order) → forest. A row whose parent is not among the rows becomes
 * a root, so a data-scoped listing shows the visible subtrees instead of dropping them.
 */
export function buildTree<T extends { id: string; parent_id: string | null }>(rows: T[]): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>();
  for (const row of rows) nodes.set(row.id, { ...row, children: [] });
  const roots: TreeNode<T>[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parent = row.parent_id ? nodes.get(row.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * Rewrites the materialised path of a node and its whole subtree after a move (`/a/b/` →
 * `/c/b/`). One statement, so the caller's transaction sees the tree move at once.
 */
export async function movePaths(db: Db, table: "departments" | "roles", oldPath: string, newPath: string): Promise<void> {
  await db.run(`UPDATE ${table} SET path = ? || SUBSTR(path, ?) WHERE path LIKE ?`, [newPath, oldPath.length + 1, `${oldPath}%`]);
}

/** Whether `candidate` lies in the subtree rooted at the node with `path` (the node included). */
export function isInSubtree(path: string, candidatePath: string): boolean {
  return candidatePath.startsWith(path);
}
