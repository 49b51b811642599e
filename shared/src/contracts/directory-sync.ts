/**
 * Directory sync (api/src/modules/iam/sync): a platform's address book compared with the OPS directory into a plan,
 * shown as a diff (dry run) or applied. Shared by the API and the PWA's sync page. Pure: no I/O.
 */
export const SYNC_PROVIDERS = ["feishu", "dingtalk", "wecom"] as const;
export type SyncProvider = (typeof SYNC_PROVIDERS)[number];

export type FieldChange = { from: unknown; to: unknown };

export type DeptStep =
  | { action: "create"; external_id: string; name: string; parent: string; key: string; order: number }
  | { action: "update"; external_id: string; id: string; name: string; changes: Record<string, FieldChange> }
  | { action: "disable"; external_id: string; id: string; name: string };

export type NewUserFields = { email: string | null; phone: string | null };

export type UserStep =
  | { action: "create"; external_id: string; username: string; display_name: string; dept: string | null; fields: NewUserFields }
  | { action: "link"; external_id: string; id: string; username: string; display_name: string; matched_by: "email" | "phone" | "username"; changes: Record<string, FieldChange> }
  | { action: "update"; external_id: string; id: string; username: string; display_name: string; changes: Record<string, FieldChange> }
  | { action: "disable"; external_id: string; id: string; username: string; display_name: string };

export type SyncConflict = {
  external_id: string;
  display_name: string;
  reason: "email_ambiguous" | "phone_ambiguous" | "match_disagrees" | "linked_elsewhere" | "super_admin";
  detail: string;
};

export type SyncPlan = {
  provider: SyncProvider;
  departments: DeptStep[];
  users: UserStep[];
  /** department heads to set: department (external id) → head user (external id) */
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
  id: string;
  provider: SyncProvider;
  dry_run: boolean;
  status: "running" | "succeeded" | "failed";
  progress: number;
  plan: SyncPlan | null;
  error: string | null;
  trigger: "manual" | "schedule";
  created_by: string | null;
  started_at: string;
  finished_at: string | null;
};
