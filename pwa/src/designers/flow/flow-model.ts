import type { FlowEdge, FlowNode, FlowNodeType } from "@ops/shared/contracts/flows.ts";

/**
 * The designer's graph. Nodes carry a stable `uid` and edges point at uids, not keys: a key is
 * typed by the user and may be empty or taken twice for a moment, and an edge must not follow it
 * away. `toGraph` turns it into the API's shape (edges by key) in the nodes' order, so the API's
 * field errors (`nodes.2.key`, `edges.0.to`) find their node or edge by index. Pure: no Solid.
 */
export type DNode = { uid: string; data: FlowNode };
export type DEdge = { from: string; to: string; when?: boolean };
export type Design = { nodes: DNode[]; edges: DEdge[] };
export type Point = { x: number; y: number };

export const NODE_W = 176;
export const NODE_H = 60;
export const GAP_X = 64;
export const GAP_Y = 40;
export const MARGIN = 24;

/** a plain copy (store proxies cannot be structured-cloned); also makes a memo track every field */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

let uidSeq = 0;
export const newUid = (): string => `n${++uidSeq}`;

/** Blank config per inline type: what the job form starts from too. */
export function defaultNode(type: FlowNodeType, key: string, position: Point): FlowNode {
  const base: FlowNode = { key, type, position };
  switch (type) {
    case "job": return { ...base, job: "" };
    case "http": return { ...base, config: { method: "GET", url: "" } };
    case "shell": return { ...base, config: { command: "" } };
    case "sql": return { ...base, config: { engine: "store", statement: "" } };
    case "script": return { ...base, config: { language: "typescript", source: "" } };
    case "condition": return { ...base, condition: "" };
    case "wait": return base;
  }
}

/** `shell_1`, `shell_2`…: the first free key for a new node of that type (keys start with a letter). */
export function nextKey(nodes: DNode[], type: FlowNodeType): string {
  const taken = new Set(nodes.map((n) => n.data.key));
  for (let i = 1; ; i++) if (!taken.has(`${type}_${i}`)) return `${type}_${i}`;
}

const overlaps = (a: Point, b: Point) => Math.abs(a.x - b.x) < NODE_W + GAP_X / 2 && Math.abs(a.y - b.y) < NODE_H + GAP_Y / 2;

/** A free slot for a new node: right of the selected node when there is one, else the first free cell of a 4-wide grid. */
export function freeSpot(nodes: DNode[], near?: Point): Point {
  const used = nodes.map((n) => n.data.position ?? { x: 0, y: 0 });
  const free = (p: Point) => !used.some((u) => overlaps(u, p));
  if (near) {
    for (let row = 0; row < 20; row++) {
      const p = { x: near.x + NODE_W + GAP_X, y: near.y + row * (NODE_H + GAP_Y) };
      if (free(p)) return p;
    }
  }
  for (let i = 0; ; i++) {
    const p = { x: MARGIN + (i % 4) * (NODE_W + GAP_X), y: MARGIN + Math.floor(i / 4) * (NODE_H + GAP_Y) };
    if (free(p)) return p;
  }
}

export function fromGraph(nodes: FlowNode[], edges: FlowEdge[]): Design {
  const dnodes = nodes.map((data) => ({ uid: newUid(), data: clone(data) }));
  const byKey = new Map(dnodes.map((n) => [n.data.key, n.uid]));
  const dedges: DEdge[] = [];
  for (const e of edges) {
    const from = byKey.get(e.from);
    const to = byKey.get(e.to);
    if (from && to) dedges.push(e.when === undefined ? { from, to } : { from, to, when: e.when });
  }
  return { nodes: dnodes, edges: dedges };
}

/** The API's graph; edges of a condition node always say their branch. */
export function toGraph(d: Design): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const byUid = new Map(d.nodes.map((n) => [n.uid, n.data]));
  return {
    nodes: d.nodes.map((n) => clone(n.data)),
    edges: d.edges.map((e) => {
      const from = byUid.get(e.from)!;
      const edge: FlowEdge = { from: from.key, to: byUid.get(e.to)!.key };
      if (from.type === "condition") edge.when = e.when !== false;
      return edge;
    }),
  };
}

export type ConnectRefusal = "self" | "exists";

/** Why an edge cannot be drawn (a cycle can: the check shows it at its place until it is undone). */
export function refuseEdge(d: Design, from: string, to: string, when?: boolean): ConnectRefusal | null {
  if (from === to) return "self";
  if (d.edges.some((e) => e.from === from && e.to === to && (e.when !== false) === (when !== false))) return "exists";
  return null;
}

/** The edge to add: out of a condition node on the given branch, else the first branch not yet used. */
export function edgeFor(d: Design, from: string, to: string, when?: boolean): DEdge {
  const source = d.nodes.find((n) => n.uid === from);
  if (source?.data.type !== "condition") return { from, to };
  if (when !== undefined) return { from, to, when };
  const hasTrue = d.edges.some((e) => e.from === from && e.when !== false);
  return { from, to, when: !hasTrue };
}

/** Uids of the nodes on a cycle (Tarjan: strongly connected parts of more than one node, or a self-loop); empty for a DAG. Nodes merely downstream of a cycle are not on it. */
export function cycleNodes(d: Design): Set<string> {
  const next = new Map<string, string[]>(d.nodes.map((n) => [n.uid, []]));
  for (const e of d.edges) next.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out = new Set<string>();
  let counter = 0;
  const visit = (u: string) => {
    index.set(u, counter);
    low.set(u, counter++);
    stack.push(u);
    onStack.add(u);
    for (const v of next.get(u) ?? []) {
      if (!index.has(v)) {
        visit(v);
        low.set(u, Math.min(low.get(u)!, low.get(v)!));
      } else if (onStack.has(v)) low.set(u, Math.min(low.get(u)!, index.get(v)!));
    }
    if (low.get(u) !== index.get(u)) return;
    const part: string[] = [];
    let v: string;
    do {
      v = stack.pop()!;
      onStack.delete(v);
      part.push(v);
    } while (v !== u);
    if (part.length > 1 || next.get(u)!.includes(u)) for (const x of part) out.add(x);
  };
  for (const n of d.nodes) if (!index.has(n.uid)) visit(n.uid);
  return out;
}

/** What the canvas and the side panel have in hand: one node or one edge (by index). */
export type Selection = { kind: "node"; uid: string } | { kind: "edge"; index: number } | null;

/** Where an edge leaves its source: the right side; a condition node's true branch high, its false branch low. */
export function outPort(p: Point, type: FlowNodeType, when?: boolean): Point {
  if (type !== "condition") return { x: p.x + NODE_W, y: p.y + NODE_H / 2 };
  return { x: p.x + NODE_W, y: p.y + (when === false ? NODE_H * 0.72 : NODE_H * 0.28) };
}

export function inPort(p: Point): Point {
  return { x: p.x, y: p.y + NODE_H / 2 };
}

/** A left-to-right curve between two ports; a back edge (target to the left) loops below, so it never hides on a forward one. */
export function edgePath(a: Point, b: Point): string {
  const dx = Math.max(40, Math.abs(b.x - a.x) / 2);
  const drop = b.x < a.x + 20 ? NODE_H + 24 : 0;
  return `M${a.x},${a.y} C${a.x + dx},${a.y + drop} ${b.x - dx},${b.y + drop} ${b.x},${b.y}`;
}
