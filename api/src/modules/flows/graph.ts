import type { FlowEdge } from "@ops/shared/contracts/flows.ts";

/** Pure graph helpers over node keys and edges (edges whose ends exist). */
export type Graph = { keys: string[]; edges: FlowEdge[] };

export function upstreamOf(g: Graph): Map<string, FlowEdge[]> {
  const m = new Map<string, FlowEdge[]>(g.keys.map((k) => [k, []]));
  for (const e of g.edges) m.get(e.to)?.push(e);
  return m;
}

export function downstreamOf(g: Graph): Map<string, string[]> {
  const m = new Map<string, string[]>(g.keys.map((k) => [k, []]));
  for (const e of g.edges) m.get(e.from)?.push(e.to);
  return m;
}

/** Kahn's order; null when there is a cycle. Ties keep the nodes' written order. */
export function topoOrder(g: Graph): string[] | null {
  const indegree = new Map(g.keys.map((k) => [k, 0]));
  for (const e of g.edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const down = downstreamOf(g);
  const ready = g.keys.filter((k) => indegree.get(k) === 0);
  const out: string[] = [];
  while (ready.length) {
    const k = ready.shift()!;
    out.push(k);
    for (const d of down.get(k) ?? []) {
      indegree.set(d, indegree.get(d)! - 1);
      if (indegree.get(d) === 0) ready.push(d);
    }
  }
  return out.length === g.keys.length ? out : null;
}

/** One cycle as a path that returns to its start (`["A", "B", "A"]`), or null. */
export function findCycle(g: Graph): string[] | null {
  const down = downstreamOf(g);
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (k: string): string[] | null => {
    state.set(k, 1);
    stack.push(k);
    for (const d of down.get(k) ?? []) {
      if (state.get(d) === 1) return [...stack.slice(stack.indexOf(d)), d];
      if (!state.has(d)) {
        const found = visit(d);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(k, 2);
    return null;
  };
  for (const k of g.keys) {
    if (state.has(k)) continue;
    const found = visit(k);
    if (found) return found;
  }
  return null;
}

/** Every node's ancestors (graph without cycles). */
export function ancestorsOf(g: Graph, order: string[]): Map<string, Set<string>> {
  const up = upstreamOf(g);
  const out = new Map<string, Set<string>>();
  for (const k of order) {
    const set = new Set<string>();
    for (const e of up.get(k) ?? []) {
      set.add(e.from);
      for (const a of out.get(e.from) ?? []) set.add(a);
    }
    out.set(k, set);
  }
  return out;
}
