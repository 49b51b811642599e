import dagre from "@dagrejs/dagre";
import { GAP_X, GAP_Y, MARGIN, NODE_H, NODE_W, type Design, type Point } from "./flow-model.ts";

/**
 * Left-to-right layered layout (dagre): upstream on the left, fan-out spread vertically. Returns
 * each node's top-left corner by uid. Cycles are laid out too (dagre reverses an edge), so a graph
 * the check still flags can be tidied before it is fixed.
 */
export function autoLayout(d: Design): Map<string, Point> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  // a wider left margin leaves room for a back edge's loop into the first column
  g.setGraph({ rankdir: "LR", nodesep: GAP_Y, ranksep: GAP_X, marginx: MARGIN * 2, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of d.nodes) g.setNode(n.uid, { width: NODE_W, height: NODE_H });
  d.edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, `e${i}`));
  dagre.layout(g);
  const out = new Map<string, Point>();
  for (const n of d.nodes) {
    const p = g.node(n.uid);
    out.set(n.uid, { x: Math.round((p.x ?? 0) - NODE_W / 2), y: Math.round((p.y ?? 0) - NODE_H / 2) });
  }
  return out;
}

/** Positions for display: saved ones where every node has one, else the auto-layout (flows made through the API have none). */
export function positionsOf(d: Design): Map<string, Point> {
  if (d.nodes.every((n) => n.data.position)) return new Map(d.nodes.map((n) => [n.uid, n.data.position!]));
  return autoLayout(d);
}

/** The same design with a position on every node (a graph saved without layout gets dagre's). */
export function withPositions(d: Design): Design {
  const at = positionsOf(d);
  return { nodes: d.nodes.map((n) => ({ uid: n.uid, data: { ...n.data, position: at.get(n.uid)! } })), edges: d.edges };
}

/** The width a laid-out design needs (what the canvas draws for a read-only graph). */
export function designWidth(d: Design): number {
  return Math.max(0, ...d.nodes.map((n) => (n.data.position?.x ?? 0) + NODE_W + MARGIN * 3));
}
