import type {
  ApprovalDefinition, ApprovalEdge, ApprovalHook, ApprovalNode, DefinitionSettings, DefinitionStatus, FormField,
} from "@ops/shared/contracts/approvals.ts";
import type { FieldError } from "./api-error.ts";
import { api, requestBlob, type Query } from "./client.ts";
import type { Page } from "./types.ts";

export type { ApprovalDefinition, ApprovalEdge, ApprovalHook, ApprovalNode, DefinitionSettings, DefinitionStatus, FormField };

const id = (v: string) => encodeURIComponent(v);

/** What the designer saves (POST, PUT: the draft; publishing makes it a version). */
export type DefinitionInput = {
  key: string;
  name: string;
  description: string;
  form: FormField[];
  nodes: ApprovalNode[];
  edges: ApprovalEdge[];
  settings: DefinitionSettings;
  /** sent only when there are some: an API without hooks refuses the field */
  hooks?: ApprovalHook[];
};

/** A published version, read-only (running instances stay on theirs). */
export type DefinitionVersion = {
  definition_id: string;
  version: number;
  name: string;
  form: FormField[];
  nodes: ApprovalNode[];
  edges: ApprovalEdge[];
  settings: DefinitionSettings;
  hooks?: ApprovalHook[];
  published_by: string | null;
  published_at: string;
};

export type DefinitionCheck = { ok: boolean; errors: FieldError[] };

/** Approval definitions: `{id}` may be the definition's key. */
export const approvalDefinitionsApi = {
  list: (q: Query) => api.get<Page<ApprovalDefinition>>("/approval-definitions", q),
  get: (defId: string) => api.get<ApprovalDefinition>(`/approval-definitions/${id(defId)}`),
  create: (body: DefinitionInput) => api.post<ApprovalDefinition>("/approval-definitions", body),
  update: (defId: string, body: DefinitionInput) => api.put<ApprovalDefinition>(`/approval-definitions/${id(defId)}`, body),
  remove: (defId: string) => api.del<unknown>(`/approval-definitions/${id(defId)}`),
  /** the publish checks (reachability, defaults, approver rules) without saving */
  validate: (body: Pick<DefinitionInput, "form" | "nodes" | "edges">) => api.post<DefinitionCheck>("/approval-definitions/validate", body),
  publish: (defId: string) => api.post<ApprovalDefinition>(`/approval-definitions/${id(defId)}/publish`),
  archive: (defId: string) => api.post<ApprovalDefinition>(`/approval-definitions/${id(defId)}/archive`),
  versions: (defId: string) => api.get<DefinitionVersion[] | Page<DefinitionVersion>>(`/approval-definitions/${id(defId)}/versions`).then((v) => (Array.isArray(v) ? v : v.items)),
  version: (defId: string, v: number) => api.get<DefinitionVersion>(`/approval-definitions/${id(defId)}/versions/${v}`),
  /** BPMN 2.0 XML of the draft, or of a published version */
  exportBpmn: (defId: string, version?: number) => requestBlob(`/approval-definitions/${id(defId)}/bpmn`, { version }),
  /** a BPMN 2.0 file as a new draft definition */
  importBpmn: (body: { xml: string; key?: string; name?: string }) => api.post<ApprovalDefinition>("/approval-definitions/import", body),
};
