/**
 * Directory sync (issue 15 item 2): a platform's address book (Feishu, DingTalk) read as a snapshot, compared with the
 * OPS directory into a plan (what to create, update, disable, and what conflicts), then applied in one transaction.
 */
export const SYNC_PROVIDERS = ["feishu", "dingtalk", "wecom"] as const;
export type SyncProvider = (typeof SYNC_PROVIDERS)[number];

/** The users column that holds a person's id on the platform (the id the bot receives). */
export const DIRECTORY_COLUMN: Record<SyncProvider, "feishu_id" | "dingtalk_id" | "wechat_work_id"> = { feishu: "feishu_id", dingtalk: "dingtalk_id", wecom: "wechat_work_id" };

export type SourceDept = { id: string; name: string; parentId: string | null; order: number; heads: string[] };
export type SourceUser = {
  id: string; name: string; mobile: string | null; email: string | null; title: string | null; deptIds: string[]; active: boolean;
};
/** The whole address book; `rootId` is the platform's top department (it stands for the OPS root department). */
export type DirectorySnapshot = { rootId: string; departments: SourceDept[]; users: SourceUser[] };

/** Reads a platform's address book; `onProgress` gets a 0..1 share of the reading done. */
export interface DirectorySource {
  readonly provider: SyncProvider;
  read(onProgress: (share: number) => void): Promise<DirectorySnapshot>;
}

export type FieldChange = { from: unknown; to: unknown };

export type DeptStep =
  | { action: "create"; external_id: string; name: string; parent: string; key: string; order: number }
  | { action: "update"; external_id: string; id: string; name: string; changes: Record<string, FieldChange> }
  | { action: "disable"; external_id: string; id: string; name: string };

export type UserStep =
  | { action: "create"; external_id: string; username: string; display_name: string; dept: string | null; fields: NewUserFields }
  | { action: "link"; external_id: string; id: string; username: string; display_name: string; matched_by: "email" | "phone" | "username"; changes: Record<string, FieldChange> }
  | { action: "update"; external_id: string; id: string; username: string; display_name: string; changes: Record<string, FieldChange> }
  | { action: "disable"; external_id: string; id: string; username: string; display_name: string };

export type NewUserFields = { email: string | null; phone: string | null };

export type SyncConflict = { external_id: string; display_name: string; reason: "email_ambiguous" | "phone_ambiguous" | "match_disagrees" | "linked_elsewhere" | "super_admin"; detail: string };

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
