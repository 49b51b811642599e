import type { ApprovalEdge, ApprovalNode, ApprovalNodeType } from "@ops/shared/contracts/approvals.ts";

/**
 * The approval designer's tree (DingTalk style): 发起人, then a column of blocks, then 结束. A
 * block is an approver, CC or sub-process node (a simple node: one way in, one way out), a condition (branches side by side, each with its condition in
 * priority order; `condition: null` is the default) or a parallel split (branches joined below by
 * its join node). The API stores a graph of nodes and edges: `toGraph` walks the tree into it in a
 * fixed order (so `nodes[i]`/`edges[i]` of a check's answer find their node or branch by index),
 * `fromGraph` reads a graph back (branches rejoin where all their paths meet). Nodes the tree
 * cannot place (unreachable ones, a second end) are kept as `extras` with their edges, so nothing
 * is lost and the check can point at them. Pure: no Solid.
 */
export type TNode = { uid: string; node: ApprovalNode };
export type NodeBlock = TNode & { kind: "node" };
export type CondBranch = { uid: string; condition: string | null; blocks: Block[] };
export type CondBlock = TNode & { kind: "condition"; branches: CondBranch[] };
export type ParBranch = { uid: string; blocks: Block[] };
export type ParBlock = TNode & { kind: "parallel"; join: TNode; branches: ParBranch[] };
export type Block = NodeBlock | CondBlock | ParBlock;
export type Tree = { start: TNode; blocks: Block[]; end: TNode; extras: TNode[]; extraEdges: ApprovalEdge[] };

/** The graph plus where each node and edge came from (uid of the node; uid of the branch an edge starts). */
export type Graph = { nodes: ApprovalNode[]; edges: ApprovalEdge[]; nodeUids: string[]; edgeOwners: string[] };

/** a plain copy (store proxies cannot be structured-cloned) */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

let uidSeq = 0;
export const newUid = (): string => `a${++uidSeq}`;

const KEY_PREFIX: Record<ApprovalNodeType, string> = { start: "start", approver: "approver", cc: "cc", condition: "cond", parallel: "par", join: "join", subprocess: "sub", end: "end" };

/** Every node of the tree, in `toGraph`'s order. */
export function allNodes(t: Tree): TNode[] {
  const out: TNode[] = [t.start];
  const walk = (blocks: Block[]) => {
    for (const b of blocks) {
      out.push(b);
      if (b.kind === "condition") for (const br of b.branches) walk(br.blocks);
      if (b.kind === "parallel") {
        for (const br of b.branches) walk(br.blocks);
        out.push(b.join);
      }
    }
  };
  walk(t.blocks);
  out.push(t.end, ...t.extras);
  return out;
}

/** A key not taken yet: `approver1`, `approver2` … */
export function nextKey(t: Tree, type: ApprovalNodeType, taken: Set<string> = new Set()): string {
  const used = new Set([...allNodes(t).map((n) => n.node.key), ...taken]);
  for (let i = 1; ; i++) if (!used.has(`${KEY_PREFIX[type]}${i}`)) return `${KEY_PREFIX[type]}${i}`;
}

export function emptyTree(names: { start: string; end: string }): Tree {
  return {
    start: { uid: newUid(), node: { key: "start", type: "start", name: names.start } },
    blocks: [],
    end: { uid: newUid(), node: { key: "end", type: "end", name: names.end } },
    extras: [],
    extraEdges: [],
  };
}

/** A new block of a type, with fresh keys; a condition starts with one conditional branch and the default. */
export function newBlock(t: Tree, type: "approver" | "cc" | "subprocess" | "condition" | "parallel", names: Partial<Record<ApprovalNodeType, string>> = {}): Block {
  const node: ApprovalNode = { key: nextKey(t, type), type, ...(names[type] ? { name: names[type] } : {}) };
  if (type === "approver") return { kind: "node", uid: newUid(), node: { ...node, approvers: { type: "users", users: [] }, mode: "or", on_empty: "auto_pass" } };
  if (type === "cc") return { kind: "node", uid: newUid(), node: { ...node, cc: { type: "users", users: [] } } };
  if (type === "subprocess") return { kind: "node", uid: newUid(), node: { ...node, subprocess: { definition: "" } } };
  if (type === "condition") {
    return { kind: "condition", uid: newUid(), node, branches: [{ uid: newUid(), condition: "", blocks: [] }, { uid: newUid(), condition: null, blocks: [] }] };
  }
  const join: ApprovalNode = { key: nextKey(t, "join"), type: "join", ...(names.join ? { name: names.join } : {}) };
  return { kind: "parallel", uid: newUid(), node, join: { uid: newUid(), node: join }, branches: [{ uid: newUid(), blocks: [] }, { uid: newUid(), blocks: [] }] };
}

// ---------- tree → graph ----------

type Pending = { edge: ApprovalEdge; owner: string } | { from: string; owner: string };

/** The API's graph: nodes in tree order, edges out of a condition in its branches' priority order. */
export function toGraph(t: Tree): Graph {
  const g: Graph = { nodes: [], edges: [], nodeUids: [], edgeOwners: [] };
  for (const n of allNodes(t)) {
    g.nodes.push(clone(n.node));
    g.nodeUids.push(n.uid);
  }
  const connect = (pending: Pending[], to: string) => {
    for (const p of pending) {
      if ("edge" in p) p.edge.to = to;
      else {
        g.edges.push({ from: p.from, to });
        g.edgeOwners.push(p.owner);
      }
    }
  };
  const chain = (blocks: Block[], incoming: Pending[]): Pending[] => {
    let pending = incoming;
    for (const b of blocks) {
      connect(pending, b.node.key);
      if (b.kind === "node") pending = [{ from: b.node.key, owner: b.uid }];
      else if (b.kind === "condition") {
        // the edges are placed now, in priority order, and find their target when the branch does
        const slots = b.branches.map((br) => {
          const edge: ApprovalEdge = { from: b.node.key, to: "", condition: br.condition };
          g.edges.push(edge);
          g.edgeOwners.push(br.uid);
          return { edge, owner: br.uid };
        });
        pending = b.branches.flatMap((br, i) => chain(br.blocks, [slots[i]!]));
      } else {
        const outs = b.branches.flatMap((br) => chain(br.blocks, [{ from: b.node.key, owner: br.uid }]));
        connect(outs, b.join.node.key);
        pending = [{ from: b.join.node.key, owner: b.join.uid }];
      }
    }
    return pending;
  };
  connect(chain(t.blocks, [{ from: t.start.node.key, owner: t.start.uid }]), t.end.node.key);
  for (const e of t.extraEdges) {
    g.edges.push(clone(e));
    g.edgeOwners.push(allNodes(t).find((n) => n.node.key === e.from)?.uid ?? "");
  }
  return g;
}

// ---------- graph → tree ----------

/** Nodes with one way in and one way out: a block of their own. */
const SIMPLE = new Set<ApprovalNodeType>(["approver", "cc", "subprocess"]);

type Reader = { byKey: Map<string, ApprovalNode>; out: (key: string) => ApprovalEdge[]; used: Set<string> };

/** The set of nodes reachable from `key` (itself included). */
function reach(r: Reader, key: string): Set<string> {
  const seen = new Set<string>();
  const stack = [key];
  while (stack.length) {
    const k = stack.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const e of r.out(k)) stack.push(e.to);
  }
  return seen;
}

/** Where branches starting at `targets` meet again: the common node that reaches all the other common ones. */
function meetingPoint(r: Reader, targets: string[]): string | null {
  const sets = targets.map((k) => reach(r, k));
  const common = [...sets[0]!].filter((k) => sets.every((s) => s.has(k)));
  return common.find((k) => {
    const from = reach(r, k);
    return common.every((c) => from.has(c));
  }) ?? null;
}

const tnode = (r: Reader, key: string): TNode => {
  r.used.add(key);
  return { uid: newUid(), node: clone(r.byKey.get(key)!) };
};

/** The blocks from `key` until `stop` (a meeting point) or an end; returns them and the end reached. */
function readChain(r: Reader, key: string | undefined, stop: string | null): { blocks: Block[]; end: string | null } {
  const blocks: Block[] = [];
  while (key !== undefined && key !== stop) {
    const n = r.byKey.get(key);
    if (!n || r.used.has(key)) break;
    if (n.type === "end") return { blocks, end: key };
    const exits = r.out(key);
    if (SIMPLE.has(n.type)) {
      blocks.push({ kind: "node", ...tnode(r, key) });
      key = exits[0]?.to;
    } else if (n.type === "condition" && exits.length) {
      const meet = meetingPoint(r, exits.map((e) => e.to));
      const own = tnode(r, key);
      const branches = exits.map((e) => ({ uid: newUid(), condition: e.condition ?? null, blocks: readChain(r, e.to, meet).blocks }));
      blocks.push({ kind: "condition", ...own, branches });
      if (meet === null) return { blocks, end: null };
      key = meet;
    } else if (n.type === "parallel" && exits.length) {
      const meet = meetingPoint(r, exits.map((e) => e.to));
      if (meet === null || r.byKey.get(meet)?.type !== "join") break;
      const own = tnode(r, key);
      const branches = exits.map((e) => ({ uid: newUid(), blocks: readChain(r, e.to, meet).blocks }));
      blocks.push({ kind: "parallel", ...own, join: tnode(r, meet), branches });
      key = r.out(meet)[0]?.to;
    } else break;
  }
  return { blocks, end: null };
}

/**
 * The tree of a stored graph. A graph without a start gets one, without an end gets one; nodes
 * off the tree (and their edges) become extras, kept as they are.
 */
export function fromGraph(nodes: ApprovalNode[], edges: ApprovalEdge[], names: { start: string; end: string } = { start: "start", end: "end" }): Tree {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const r: Reader = { byKey, out: (k) => edges.filter((e) => e.from === k && byKey.has(e.to)), used: new Set() };
  const startNode = nodes.find((n) => n.type === "start");
  const start = startNode ? tnode(r, startNode.key) : emptyTree(names).start;
  const { blocks, end: endKey } = readChain(r, startNode ? r.out(startNode.key)[0]?.to : undefined, null);
  const endFallback = nodes.find((n) => n.type === "end" && !r.used.has(n.key));
  const end = endKey ? tnode(r, endKey) : endFallback ? tnode(r, endFallback.key) : emptyTree(names).end;
  const extras = nodes.filter((n) => !r.used.has(n.key)).map((n) => ({ uid: newUid(), node: clone(n) }));
  const extraKeys = new Set(extras.map((n) => n.node.key));
  const extraEdges = edges.filter((e) => extraKeys.has(e.from) || extraKeys.has(e.to)).map(clone);
  return { start, blocks, end, extras, extraEdges };
}
