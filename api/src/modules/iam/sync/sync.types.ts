/**
 * Directory sync (issue 15 item 2): a platform's address book (Feishu, DingTalk, WeCom) read as a snapshot, compared with the
 * OPS directory into a plan (what to create, update, disable, and what conflicts), then applied in one transaction.
 */
import type { SyncProvider } from "@ops/shared/contracts/directory-sync.ts";

export {
  SYNC_PROVIDERS, type DeptStep, type FieldChange, type NewUserFields, type SyncConflict, type SyncPlan, type SyncProvider, type SyncRun, type UserStep,
} from "@ops/shared/contracts/directory-sync.ts";

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
