import { api, request, requestBlob, type Query } from "./client.ts";
import type { Department, DepartmentInput, Page, PermissionNode, Role, RoleInput, User, UserInput } from "./types.ts";

const id = (v: string) => encodeURIComponent(v);

/** Users, departments, roles and the permission catalog (directory endpoints). */
export const usersApi = {
  list: (q: Query) => api.get<Page<User>>("/users", q),
  get: (userId: string) => api.get<User>(`/users/${id(userId)}`),
  create: (body: UserInput) => api.post<User & { initial_password?: string }>("/users", body),
  update: (userId: string, body: Partial<UserInput>) => api.put<User>(`/users/${id(userId)}`, body),
  remove: (userId: string) => api.del<unknown>(`/users/${id(userId)}`),
  resetPassword: (userId: string) => api.post<{ password: string }>(`/users/${id(userId)}/reset-password`, {}),
  unlock: (userId: string) => api.post<unknown>(`/users/${id(userId)}/unlock`, {}),
  /** POST /users/import: the report of a dry run, or the result of applying (all rows or none). */
  importFile: (file: File, opts: { dryRun: boolean; mode: ImportMode }) => {
    const form = new FormData();
    form.set("file", file);
    return request<ImportReport>("POST", "/users/import", { form, query: { dry_run: opts.dryRun ? "1" : "0", mode: opts.mode } });
  },
  importTemplate: () => requestBlob("/users/import/template"),
  /** The list's filters as a file built by the server (data-scoped, masked, audited). */
  exportFile: (filters: Query, format: "xlsx" | "csv") => requestBlob("/users/export", { ...filters, format }),
};

export type ImportMode = "create" | "upsert";
export type ImportRowReport = {
  row: number;
  username: string;
  display_name: string;
  action: "create" | "update" | "skip";
  changes: string[];
  errors: Array<{ column: string; message: string }>;
};
export type ImportReport = {
  dry_run: boolean;
  mode: ImportMode;
  applied: boolean;
  total: number;
  create: number;
  update: number;
  skip: number;
  invalid: number;
  rows: ImportRowReport[];
  passwords: Array<{ row: number; username: string; initial_password: string }>;
};

export const departmentsApi = {
  tree: () => api.get<Department[]>("/departments"),
  create: (body: DepartmentInput) => api.post<Department>("/departments", body),
  update: (deptId: string, body: Partial<DepartmentInput>) => api.put<Department>(`/departments/${id(deptId)}`, body),
  remove: (deptId: string) => api.del<unknown>(`/departments/${id(deptId)}`),
};

export const rolesApi = {
  list: () => api.get<Role[] | Page<Role>>("/roles").then((r) => (Array.isArray(r) ? r : r.items)),
  create: (body: RoleInput) => api.post<Role>("/roles", body),
  update: (roleId: string, body: Partial<RoleInput>) => api.put<Role>(`/roles/${id(roleId)}`, body),
  remove: (roleId: string) => api.del<unknown>(`/roles/${id(roleId)}`),
};

export const permissionsApi = {
  tree: () => api.get<PermissionNode[]>("/permissions"),
};
