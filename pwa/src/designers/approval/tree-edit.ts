import type { Block, TNode, Tree } from "./approval-model.ts";

/**
 * Edits of the designer's tree, in place (the state runs them inside a Solid `produce`). A list of
 * blocks is named by its owner: "root" for the main column, else a branch's uid. Pure: no Solid.
 */
export const ROOT = "root";

/** The blocks of the main column or of a branch. */
export function listOf(t: Tree, owner: string): Block[] | undefined {
  if (owner === ROOT) return t.blocks;
  let found: Block[] | undefined;
  const walk = (blocks: Block[]) => {
    for (const b of blocks) {
      if (found) return;
      if (b.kind === "node") continue;
      for (const br of b.branches) {
        if (br.uid === owner) found = br.blocks;
        else walk(br.blocks);
      }
    }
  };
  walk(t.blocks);
  return found;
}

/** Where a block sits: its list and index. */
function place(t: Tree, uid: string): { list: Block[]; index: number } | undefined {
  let found: { list: Block[]; index: number } | undefined;
  const walk = (blocks: Block[]) => {
    blocks.forEach((b, index) => {
      if (found) return;
      if (b.uid === uid) found = { list: blocks, index };
      else if (b.kind !== "node") for (const br of b.branches) walk(br.blocks);
    });
  };
  walk(t.blocks);
  return found;
}

/** A node anywhere in the tree by uid (start, end, blocks, a parallel's join, extras). */
export function findNode(t: Tree, uid: string): TNode | undefined {
  if (t.start.uid === uid) return t.start;
  if (t.end.uid === uid) return t.end;
  const extra = t.extras.find((n) => n.uid === uid);
  if (extra) return extra;
  let found: TNode | undefined;
  const walk = (blocks: Block[]) => {
    for (const b of blocks) {
      if (found) return;
      if (b.uid === uid) found = b;
      else if (b.kind === "parallel" && b.join.uid === uid) found = b.join;
      if (b.kind !== "node") for (const br of b.branches) walk(br.blocks);
    }
  };
  walk(t.blocks);
  return found;
}

export function findBlock(t: Tree, uid: string): Block | undefined {
  const at = place(t, uid);
  return at ? at.list[at.index] : undefined;
}

export function insertBlock(t: Tree, owner: string, index: number, block: Block): boolean {
  const list = listOf(t, owner);
  if (!list) return false;
  list.splice(Math.max(0, Math.min(index, list.length)), 0, block);
  return true;
}

/** Removes a block (with its branches) or an extra node and its edges. */
export function removeBlock(t: Tree, uid: string): void {
  const at = place(t, uid);
  if (at) at.list.splice(at.index, 1);
  const extra = t.extras.find((n) => n.uid === uid);
  if (extra) {
    t.extras = t.extras.filter((n) => n !== extra);
    t.extraEdges = t.extraEdges.filter((e) => e.from !== extra.node.key && e.to !== extra.node.key);
  }
}

/** A new branch: a condition's goes before the default (lowest priority of the conditional ones). */
export function addBranch(t: Tree, blockUid: string, uid: string): void {
  const b = findBlock(t, blockUid);
  if (b?.kind === "condition") {
    const def = b.branches.findIndex((br) => br.condition === null);
    b.branches.splice(def < 0 ? b.branches.length : def, 0, { uid, condition: "", blocks: [] });
  } else if (b?.kind === "parallel") b.branches.push({ uid, blocks: [] });
}

/** Drops a branch; a split left with one branch dissolves into that branch's blocks. */
export function removeBranch(t: Tree, blockUid: string, branchUid: string): void {
  const at = place(t, blockUid);
  const b = at?.list[at.index];
  if (!at || !b || b.kind === "node") return;
  const rest = (b.branches as Array<{ uid: string; blocks: Block[] }>).filter((br) => br.uid !== branchUid);
  if (rest.length < 2) {
    at.list.splice(at.index, 1, ...(rest[0]?.blocks ?? []));
    return;
  }
  if (b.kind === "parallel") {
    b.branches = b.branches.filter((br) => br.uid !== branchUid);
    return;
  }
  b.branches = b.branches.filter((br) => br.uid !== branchUid);
  // a condition always keeps a default: the last branch takes over when the default went
  if (!b.branches.some((br) => br.condition === null)) b.branches[b.branches.length - 1]!.condition = null;
}

/** Moves a conditional branch up or down in priority; the default stays last. */
export function moveBranch(t: Tree, blockUid: string, branchUid: string, delta: -1 | 1): void {
  const b = findBlock(t, blockUid);
  if (b?.kind !== "condition") return;
  const i = b.branches.findIndex((br) => br.uid === branchUid);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= b.branches.length) return;
  if (b.branches[i]!.condition === null || b.branches[j]!.condition === null) return;
  const [moved] = b.branches.splice(i, 1);
  b.branches.splice(j, 0, moved!);
}

/** Makes a branch the default (the old default gets an empty condition to fill in). */
export function makeDefault(t: Tree, blockUid: string, branchUid: string): void {
  const b = findBlock(t, blockUid);
  if (b?.kind !== "condition") return;
  for (const br of b.branches) if (br.condition === null) br.condition = "";
  const i = b.branches.findIndex((br) => br.uid === branchUid);
  if (i < 0) return;
  const [def] = b.branches.splice(i, 1);
  def!.condition = null;
  b.branches.push(def!);
}
