import type { Flow, FlowEdge, FlowNode, FlowNodeRun, FlowRun, FlowVersion, WaitDecision } from "@ops/shared/contracts/flows.ts";
import type { FieldError } from "./api-error.ts";
import { api, type Query } from "./client.ts";
import type { Page } from "./types.ts";

export type { Flow, FlowEdge, FlowNode, FlowNodeRun, FlowRun, FlowVersion, WaitDecision };

const id = (v: string) => encodeURIComponent(v);

/** What the designer saves (POST /flows, PUT /flows/{id}: every save is a new version). */
export type FlowInput = {
  name: string;
  description: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  params: Record<string, unknown>;
  owner_department_id: string | null;
  tags: string[];
};

export type FlowCheck = { ok: boolean; errors: FieldError[] };

/** Flow definitions: `{id}` may be the flow's name on reads and runs (chat uses names). */
export const flowsApi = {
  list: (q: Query) => api.get<Page<Flow>>("/flows", q),
  get: (flowId: string) => api.get<Flow>(`/flows/${id(flowId)}`),
  create: (body: FlowInput) => api.post<Flow>("/flows", body),
  update: (flowId: string, body: FlowInput) => api.put<Flow>(`/flows/${id(flowId)}`, body),
  remove: (flowId: string) => api.del<unknown>(`/flows/${id(flowId)}`),
  versions: (flowId: string) => api.get<FlowVersion[] | Page<FlowVersion>>(`/flows/${id(flowId)}/versions`).then(itemsOf),
  version: (flowId: string, v: number) => api.get<FlowVersion>(`/flows/${id(flowId)}/versions/${v}`),
  /** the save's graph checks (keys, references, cycles, dangling edges) without saving */
  validate: (graph: { nodes: FlowNode[]; edges: FlowEdge[]; params?: Record<string, unknown> }) => api.post<FlowCheck>("/flows/validate", graph),
  run: (flowId: string, params: Record<string, string>) => api.post<FlowRun>(`/flows/${id(flowId)}/runs`, { params }),
  /** the schedule stops / starts again (from now: what was missed while paused is not made up) */
  pause: (flowId: string) => api.post<Flow>(`/flows/${id(flowId)}/pause`),
  resume: (flowId: string) => api.post<Flow>(`/flows/${id(flowId)}/resume`),
};

export const flowRunsApi = {
  list: (q: Query) => api.get<Page<FlowRun>>("/flow-runs", q),
  get: (runId: string) => api.get<FlowRun>(`/flow-runs/${id(runId)}`),
  cancel: (runId: string) => api.post<FlowRun>(`/flow-runs/${id(runId)}/cancel`),
  /** a failed or cancelled run again from its failed nodes (same run, same version) */
  retry: (runId: string) => api.post<FlowRun>(`/flow-runs/${id(runId)}/retry`),
  /** a waiting wait node: continue the flow or reject it */
  decide: (runId: string, key: string, decision: WaitDecision, comment: string) =>
    api.post<FlowRun>(`/flow-runs/${id(runId)}/nodes/${id(key)}/continue`, { decision, comment }),
};

/** The versions list may come as a plain array or as a page; the designer needs the items either way. */
function itemsOf<T>(v: T[] | Page<T>): T[] {
  return Array.isArray(v) ? v : v.items;
}
