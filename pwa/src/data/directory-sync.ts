import { api } from "./client.ts";

/** Directory sync from Feishu / DingTalk contacts (api/src/modules/iam/sync; permission iam:user:sync). */
export type SyncProvider = "feishu" | "dingtalk";
export type FieldChange = { from: unknown; to: unknown };

export type DeptStep =
  | { action: "create"; external_id: string; name: string; parent: string; key: string; order: number }
  | { action: "update"; external_id: string; id: string; name: string; changes: Record<string, FieldChange> }
  | { action: "disable"; external_id: string; id: string; name: string };

export type UserStep =
  | { action: "create"; external_id: string; username: string; display_name: string; dept: string | null; fields: { email: string | null; phone: string | null } }
  | { action: "link"; external_id: string; id: string; username: string; display_name: string; matched_by: "email" | "phone" | "username"; changes: Record<string, FieldChange> }
  | { action: "update"; external_id: string; id: string; username: string; display_name: string; changes: Record<string, FieldChange> }
  | { action: "disable"; external_id: string; id: string; username: string; display_name: string };

export type SyncConflict = {
  external_id: string; display_name: string; detail: string;
  reason: "email_ambiguous" | "phone_ambiguous" | "match_disagrees" | "linked_elsewhere" | "super_admin";
};

export type SyncPlan = {
  provider: SyncProvider;
  departments: DeptStep[];
  users: UserStep[];
  heads: Array<{ dept: string; user: string | null; dept_name: string; user_name: string | null }>;
  conflicts: SyncConflict[];
  summary: {
    departments: { create: number; update: number; disable: number };
    users: { create: number; link: number; update: number; disable: number };
    heads: number;
    conflicts: number;
    unchanged: boolean;
  };
};

export type SyncRun = {
  id: string; provider: SyncProvider; dry_run: boolean; status: "running" | "succeeded" | "failed"; progress: number;
  plan: SyncPlan | null; error: string | null; trigger: "manual" | "schedule"; created_by: string | null;
  started_at: string; finished_at: string | null;
};

export const directorySyncApi = {
  providers: () => api.get<{ providers: SyncProvider[] }>("/directory-sync/providers"),
  start: (provider: SyncProvider, dry_run: boolean, wait = false) => api.post<SyncRun>("/directory-sync/runs", { provider, dry_run, wait }),
  runs: (provider?: SyncProvider) => api.get<{ items: SyncRun[] }>("/directory-sync/runs", { provider }),
  run: (id: string) => api.get<SyncRun>(`/directory-sync/runs/${encodeURIComponent(id)}`),
};
