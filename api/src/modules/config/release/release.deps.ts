import type { UserActor } from "@ops/shared";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { Logger } from "../../../platform/logger.ts";
import type { AuditService } from "../../audit/index.ts";
import type { ConfigData } from "../index.ts";

/** The approval definition a change set goes to unless its table names another. */
export const DEFAULT_DEFINITION = "config-release";
export const CONFIG_VIEW = "config:view";
export const CONFIG_EDIT = "config:edit";
export const CONFIG_PUBLISH = "config:publish";
export const CONFIG_EMERGENCY = "config:emergency";

/** Notification types (named in the catalogue as notify.type.<type>). */
export const NOTICE_TYPES = {
  released: "config.released",
  rolledBack: "config.rolled_back",
  requested: "config.change_requested",
  decided: "config.change_decided",
} as const;

/** The form fields every definition used for change sets must publish (checked when a set is submitted). */
export const FORM_FIELDS = ["table", "change_set_id", "reason", "changes"] as const;

/**
 * What release/ needs of approvals (built in approvals-adapter.ts from approvals' door): the definition,
 * starting and withdrawing an approval, and the approvals waiting for someone.
 */
export type ReleaseApprovals = {
  /** creates and publishes `config-release` when it is missing (its creator: `by`) */
  ensureDefault(by: UserActor | null): Promise<void>;
  /** `problem`: unknown or unpublished; `fields`: the published form's keys; `selectNodes`: approver nodes whose approvers the initiator picks */
  check(definition: string): Promise<{ problem: "unknown" | "unpublished" | null; fields: string[]; selectNodes: string[] }>;
  start(input: { definition: string; title: string; form: Record<string, unknown>; initiator: UserActor; approvers: Record<string, string[]> }): Promise<{ id: string; status: string }>;
  withdraw(approvalId: string, comment: string): Promise<void>;
  /** ids of approvals with a pending approve task of `userId` */
  pendingFor(userId: string): Promise<string[]>;
  /** who approved it last (a scheduled set is released in that person's name); optional: the author then */
  approvedBy?(approvalId: string): Promise<string | null>;
};

/** What release/ needs of notify: `send` (inbox, chat, push per each user's preferences). */
export type ReleaseSender = { send(input: { type: string; recipients: string[]; data: Record<string, unknown> }): Promise<unknown> };

export type ReleaseDeps = {
  db: Db;
  clock: Clock;
  logger?: Logger;
  data: ConfigData;
  approvals: ReleaseApprovals;
  /** absent: nobody is told */
  sender?: ReleaseSender;
  /** system actions (approval ends, scheduled releases) are audited as system:config-release */
  audit?: Pick<AuditService, "recordRequest">;
  /** OPS_PUBLIC_URL: notices carry an absolute link besides the PWA path */
  publicUrl?: string;
};
