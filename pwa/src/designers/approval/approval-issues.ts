import type { FieldError } from "../../data/api-error.ts";
import type { Graph } from "./approval-model.ts";

/**
 * Problems of a definition, placed where they belong: `nodes[i]…` at node i's card, `edges[i]…`
 * at the branch (or node) edge i leaves from, `form[i]…` at form field i, the rest in the list
 * above the designer. The API's check (`…/validate`, a save's or a publish's 400) is the authority;
 * the local check (a conditional branch without its condition) answers while it is on its way.
 */
export type Issue = FieldError;
export type PlacedIssues = { at: Map<string, Issue[]>; form: Map<number, Issue[]>; general: Issue[] };

/** The graph check names `nodes[2].key`, a body error `nodes.2.key`: one spelling (dots) from here on. */
export function normalizeField(field: string): string {
  return field.replace(/\[(\d+)\]/g, ".$1");
}

/** The checks the browser makes alone, in the API's field names. */
export function localIssues(g: Graph, words: { conditionEmpty: string }): Issue[] {
  const out: Issue[] = [];
  g.edges.forEach((e, i) => {
    if (typeof e.condition === "string" && !e.condition.trim()) out.push({ field: `edges.${i}.condition`, message: words.conditionEmpty });
  });
  return out;
}

/** The API's issues win for a field; local ones fill the fields it did not name. */
export function mergeIssues(server: Issue[], local: Issue[]): Issue[] {
  const named = new Set(server.map((x) => x.field));
  return [...server, ...local.filter((x) => !named.has(x.field))];
}

export function placeIssues(g: Graph, issues: Issue[]): PlacedIssues {
  const placed: PlacedIssues = { at: new Map(), form: new Map(), general: [] };
  const add = <K>(m: Map<K, Issue[]>, k: K, x: Issue) => m.set(k, [...(m.get(k) ?? []).filter((y) => y.message !== x.message), x]);
  for (const raw of issues) {
    const x = { ...raw, field: normalizeField(raw.field) };
    const m = /^(nodes|edges|form)\.(\d+)(?:\.|$)/.exec(x.field);
    const i = m ? Number(m[2]) : -1;
    const owner = m?.[1] === "nodes" ? g.nodeUids[i] : m?.[1] === "edges" ? g.edgeOwners[i] : undefined;
    if (owner) add(placed.at, owner, x);
    else if (m?.[1] === "form") add(placed.form, i, x);
    else placed.general.push(x);
  }
  return placed;
}

/** The first message about a field of node i (`approvers` also finds `approvers.users`). */
export function nodeFieldIssue(issues: Issue[], index: number, field: string): string | undefined {
  const exact = `nodes.${index}.${field}`;
  return issues.find((x) => x.field === exact || x.field.startsWith(`${exact}.`))?.message;
}
