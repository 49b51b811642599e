import type { Actor, FieldError } from "@ops/shared";
import type { FlowEdge, FlowNode } from "@ops/shared/contracts/flows.ts";
import type { Job } from "@ops/shared/contracts/jobs.ts";
import { CONFIG_SCHEMAS, stringsIn, unknownPlaceholders, zodFieldErrors } from "../jobs/index.ts";
import { checkApprovalGate } from "./approval-gate.ts";
import type { ApprovalGatePort } from "./approval-gate.port.ts";
import { conditionProblem } from "./condition.ts";
import { ancestorsOf, findCycle, topoOrder } from "./graph.ts";
import type { GraphInput } from "./flow.schema.ts";

export const STEP_TYPES = new Set(["job", "http", "shell", "sql", "script"]);
export const INLINE_TYPES = new Set(["http", "shell", "sql", "script"]);

/** How validation finds a saved job the caller may see (null: unknown to them). */
export type JobLookup = (actor: Actor, idOrName: string) => Promise<Job | null>;

/** A checked graph: nodes with their inline configs parsed (defaults filled), in topological order. */
export type CheckedGraph = { nodes: FlowNode[]; edges: FlowEdge[]; params: Record<string, unknown>; order: string[] };

/**
 * Every check a save makes on a graph, reported at once, each error naming its field (`nodes[2].key`,
 * `nodes[1].job`, `nodes[3].condition`, `edges[0].to`, `edges` for a cycle, `nodes[0].params.x`).
 */
export async function checkGraph(actor: Actor, input: GraphInput, findJob: JobLookup, gate?: ApprovalGatePort): Promise<{ graph?: CheckedGraph; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const nodes: FlowNode[] = input.nodes.map((n) => ({ ...n, retries: n.retries ? { ...n.retries, on: n.retries.on ?? ["failed", "timed_out"] } : undefined }));
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (index.has(n.key)) errors.push({ field: `nodes[${i}].key`, message: "flows.node_key_taken", params: { key: n.key } });
    else index.set(n.key, i);
  });

  // edges: both ends exist, `when` only out of a condition, no duplicates
  const edges: FlowEdge[] = [];
  const seen = new Set<string>();
  input.edges.forEach((e, i) => {
    let ok = true;
    for (const end of ["from", "to"] as const) {
      if (!index.has(e[end])) {
        errors.push({ field: `edges[${i}].${end}`, message: "flows.edge_dangling", params: { key: e[end] } });
        ok = false;
      }
    }
    if (!ok) return;
    if (e.when !== undefined && nodes[index.get(e.from)!]!.type !== "condition") {
      errors.push({ field: `edges[${i}].when`, message: "flows.when_not_condition" });
    }
    const id = `${e.from}\u0000${e.to}`;
    if (seen.has(id)) errors.push({ field: `edges[${i}]`, message: "flows.edge_duplicate", params: { from: e.from, to: e.to } });
    seen.add(id);
    edges.push(e);
  });

  const keys = [...index.keys()];
  const order = topoOrder({ keys, edges });
  if (!order) {
    const cycle = findCycle({ keys, edges }) ?? [];
    errors.push({ field: "edges", message: "flows.cycle", params: { nodes: cycle.join(" → ") } });
  }
  const ancestors = order ? ancestorsOf({ keys, edges }, order) : new Map<string, Set<string>>();
  const paramNames = new Set(Object.keys(input.params ?? {}));

  for (const [i, n] of nodes.entries()) {
    const at = `nodes[${i}]`;
    const up = ancestors.get(n.key) ?? new Set<string>();
    if (n.shards !== undefined && n.shards > 1 && !STEP_TYPES.has(n.type)) errors.push({ field: `${at}.shards`, message: "flows.shards_not_step" });
    if (n.type === "job") {
      if (!n.job) errors.push({ field: `${at}.job`, message: "validation.required" });
      else if (!(await findJob(actor, n.job))) errors.push({ field: `${at}.job`, message: "flows.job_unknown", params: { job: n.job } });
    }
    if (INLINE_TYPES.has(n.type)) {
      const schema = CONFIG_SCHEMAS[n.type as keyof typeof CONFIG_SCHEMAS];
      const parsed = schema.safeParse(n.config ?? {});
      if (!parsed.success) errors.push(...zodFieldErrors(parsed.error, n.config ?? {}, `${at}.config`));
      else n.config = parsed.data as Record<string, unknown>;
    }
    if (n.type === "condition") {
      if (!n.condition) errors.push({ field: `${at}.condition`, message: "validation.required" });
      else if (order) {
        const problem = conditionProblem(n.condition, up);
        if (problem) errors.push({ field: `${at}.condition`, message: problem.message, params: problem.params });
      }
    }
    // placeholders in params and config (a script's source gets params as env, it is not scanned)
    if (order) {
      const scope = { nodes: up, params: paramNames };
      const config = n.type === "script" ? { ...n.config, source: undefined } : n.config;
      for (const [field, text] of [...stringsIn(n.params ?? {}, `${at}.params`), ...(INLINE_TYPES.has(n.type) ? stringsIn(config ?? {}, `${at}.config`) : [])]) {
        const bad = unknownPlaceholders(text, scope);
        if (bad.length) errors.push({ field, message: "flows.placeholder_unknown", params: { placeholder: bad.join(", ") } });
      }
    }
    errors.push(...(await checkApprovalGate(n, at, gate, order ? { nodes: up, params: paramNames } : null)));
  }
  if (errors.length || !order) return { errors };
  return { graph: { nodes, edges, params: input.params ?? {}, order }, errors };
}
