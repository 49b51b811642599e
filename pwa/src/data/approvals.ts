import type {
  ApprovalDefinition, ApprovalEvent, ApprovalInstance, ApprovalNode, ApprovalStatus, ApprovalTask, FormField, TaskBox,
} from "@ops/shared/contracts/approvals.ts";
import { api, fetchAuthed, request, type Query } from "./client.ts";
import { ApiError } from "./api-error.ts";
import type { Page } from "./types.ts";

export type { ApprovalDefinition, ApprovalEvent, ApprovalInstance, ApprovalNode, ApprovalStatus, ApprovalTask, FormField, TaskBox };
export { APPROVAL_ATTACHMENT_TYPES, APPROVAL_LIMITS, APPROVAL_STATUSES, TASK_BOXES, type ApprovalAttachment } from "@ops/shared/contracts/approvals.ts";

/** A published version as GET /approval-definitions/{id}/versions/{v} answers it: the form and graph an instance runs on. */
export type DefinitionVersion = Pick<ApprovalDefinition, "key" | "name" | "description" | "form" | "nodes" | "edges" | "settings"> & { version: number };
export type TaskPage = Page<ApprovalTask> & { counts: Record<TaskBox, number> };
export type StartInput = { definition: string; title: string; form: Record<string, unknown>; approvers: Record<string, string[]> };

const def = (id: string) => `/approval-definitions/${encodeURIComponent(id)}`;
const inst = (id: string) => `/approvals/${encodeURIComponent(id)}`;
const task = (id: string) => `/approval-tasks/${encodeURIComponent(id)}`;

/** 审批: the inbox boxes with their counts, instances, the task actions, comments with files, published definitions. */
export const approvalsApi = {
  tasks: (box: TaskBox, q: Query = {}) => api.get<TaskPage>("/approval-tasks", { ...q, box }),
  definitions: (q: Query = {}) => api.get<Page<ApprovalDefinition>>("/approval-definitions", q),
  definition: (id: string) => api.get<ApprovalDefinition>(def(id)),
  version: (id: string, version: number) => api.get<DefinitionVersion>(`${def(id)}/versions/${version}`),
  start: (input: StartInput) => api.post<ApprovalInstance>("/approvals", input),
  get: (id: string) => api.get<ApprovalInstance>(inst(id)),
  withdraw: (id: string, comment?: string) => api.post<ApprovalInstance>(`${inst(id)}/withdraw`, comment ? { comment } : {}),
  approve: (taskId: string, comment?: string) => api.post<ApprovalTask>(`${task(taskId)}/approve`, comment ? { comment } : {}),
  reject: (taskId: string, to: string, comment: string) => api.post<ApprovalTask>(`${task(taskId)}/reject`, { to, comment }),
  transfer: (taskId: string, toUser: string, comment?: string) => api.post<ApprovalTask>(`${task(taskId)}/transfer`, { to_user: toUser, ...(comment ? { comment } : {}) }),
  addApprover: (taskId: string, user: string, position: "before" | "after", comment?: string) =>
    api.post<ApprovalTask>(`${task(taskId)}/add-approver`, { user, position, ...(comment ? { comment } : {}) }),
  urge: (taskId: string) => api.post<ApprovalTask>(`${task(taskId)}/urge`),
  read: (taskId: string) => api.post<ApprovalTask>(`${task(taskId)}/read`),
  comment(id: string, text: string, files: File[]) {
    if (!files.length) return api.post<ApprovalInstance>(`${inst(id)}/comments`, { text });
    const form = new FormData();
    form.set("text", text);
    for (const f of files) form.append("files", f);
    return request<ApprovalInstance>("POST", `${inst(id)}/comments`, { form });
  },
  /** An attachment as a blob: URL (the API wants the bearer token, a plain link cannot send it). */
  async attachmentUrl(id: string, attachmentId: string): Promise<string> {
    const res = await fetchAuthed("GET", `${inst(id)}/attachments/${encodeURIComponent(attachmentId)}`);
    if (!res.ok) throw new ApiError(`HTTP ${res.status}`, res.status, res.status * 100 + 1, "approvals.attachment_not_found");
    return URL.createObjectURL(await res.blob());
  },
};
