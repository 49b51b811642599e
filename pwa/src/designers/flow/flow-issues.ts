import { FLOW_LIMITS } from "@ops/shared/contracts/flows.ts";
import type { FieldError } from "../../data/api-error.ts";
import { cycleNodes, type Design } from "./flow-model.ts";

/**
 * Problems of the graph, placed where they belong: `nodes.<i>.<field>` at node i (and its field
 * in the side panel), `edges.<i>.<field>` at edge i, anything else in the list above the canvas.
 * The API's check (`/flows/validate`, and a save's 400) is the authority; the quick local checks
 * (key pattern, duplicate keys, cycles) answer while it is on its way and where it is silent.
 */
export type Issue = FieldError;
export type PlacedIssues = {
  node: Map<string, Issue[]>;
  edge: Map<number, Issue[]>;
  general: Issue[];
};

export type LocalWords = { key: string; keyTaken: string; cycle: string };

const KEY = new RegExp(FLOW_LIMITS.nodeKeyPattern);

/** The checks the browser can make alone, in the API's field names. */
export function localIssues(d: Design, words: LocalWords): Issue[] {
  const out: Issue[] = [];
  const seen = new Map<string, number>();
  d.nodes.forEach((n, i) => {
    if (!KEY.test(n.data.key)) out.push({ field: `nodes.${i}.key`, message: words.key });
    else if (seen.has(n.data.key)) out.push({ field: `nodes.${i}.key`, message: words.keyTaken });
    seen.set(n.data.key, i);
  });
  const cyc = cycleNodes(d);
  if (cyc.size) {
    d.edges.forEach((e, i) => {
      if (cyc.has(e.from) && cyc.has(e.to)) out.push({ field: `edges.${i}`, message: words.cycle });
    });
  }
  return out;
}

/** The graph check names `nodes[2].key`, a body error `nodes.2.key`: one spelling (dots) from here on. */
export function normalizeField(field: string): string {
  return field.replace(/\[(\d+)\]/g, ".$1");
}

/** The API's issues win for a field; local ones fill the fields it did not name. */
export function mergeIssues(server: Issue[], local: Issue[]): Issue[] {
  const named = new Set(server.map((x) => x.field));
  return [...server, ...local.filter((x) => !named.has(x.field))];
}

export function placeIssues(d: Design, issues: Issue[]): PlacedIssues {
  const placed: PlacedIssues = { node: new Map(), edge: new Map(), general: [] };
  const add = <K>(m: Map<K, Issue[]>, k: K, x: Issue) => m.set(k, [...(m.get(k) ?? []).filter((y) => y.message !== x.message), x]);
  for (const x of issues) {
    const m = /^(nodes|edges)\.([^.]+)(?:\.|$)/.exec(x.field);
    const at = m ? Number(m[2]) : Number.NaN;
    if (m?.[1] === "nodes") {
      const node = Number.isInteger(at) ? d.nodes[at] : d.nodes.find((n) => n.data.key === m[2]);
      if (node) {
        add(placed.node, node.uid, x);
        continue;
      }
    } else if (m?.[1] === "edges" && Number.isInteger(at) && at < d.edges.length) {
      add(placed.edge, at, x);
      continue;
    }
    placed.general.push(x);
  }
  return placed;
}

/** The messages for one field of node i (`config.url` also finds `config.url.0`). */
export function fieldIssue(issues: Issue[], index: number, field: string): string | undefined {
  const exact = `nodes.${index}.${field}`;
  return issues.find((x) => x.field === exact || x.field.startsWith(`${exact}.`))?.message;
}
