import type { PermissionNode } from "../../../data/types.ts";

/**
 * Tri-state selection over the permission tree. A group is checked when every code under it
 * is, indeterminate when some are. Checking a group takes its whole subtree; checking any
 * code also takes the menu codes above it (a permission is useless without its menu), and
 * unchecking drops ancestors nothing below still needs.
 */
export type CheckState = "checked" | "unchecked" | "indeterminate";

export function descendants(node: PermissionNode): string[] {
  return (node.children ?? []).flatMap((c) => [c.code, ...descendants(c)]);
}

export function checkState(node: PermissionNode, selected: ReadonlySet<string>): CheckState {
  const below = descendants(node);
  if (!below.length) return selected.has(node.code) ? "checked" : "unchecked";
  const hits = below.filter((c) => selected.has(c)).length;
  if (hits === below.length) return "checked";
  return hits || selected.has(node.code) ? "indeterminate" : "unchecked";
}

/** ancestor codes of every node, keyed by code */
export function ancestorIndex(tree: PermissionNode[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (nodes: PermissionNode[], path: string[]) => {
    for (const n of nodes) {
      out.set(n.code, path);
      walk(n.children ?? [], [...path, n.code]);
    }
  };
  walk(tree, []);
  return out;
}

function findNode(tree: PermissionNode[], code: string): PermissionNode | undefined {
  for (const n of tree) {
    if (n.code === code) return n;
    const hit = findNode(n.children ?? [], code);
    if (hit) return hit;
  }
  return undefined;
}

export function toggle(tree: PermissionNode[], selected: ReadonlySet<string>, node: PermissionNode, locked: ReadonlySet<string> = new Set()): Set<string> {
  const next = new Set(selected);
  const subtree = [node.code, ...descendants(node)].filter((c) => !locked.has(c));
  const ancestors = ancestorIndex(tree).get(node.code) ?? [];
  if (checkState(node, new Set([...selected, ...locked])) === "checked") {
    for (const c of subtree) next.delete(c);
    // walk up: an ancestor stays only while something under it is still chosen
    for (const a of [...ancestors].reverse()) {
      const anc = findNode(tree, a);
      if (anc && !descendants(anc).some((c) => next.has(c))) next.delete(a);
    }
  } else {
    for (const c of subtree) next.add(c);
    for (const a of ancestors) next.add(a);
  }
  return next;
}
