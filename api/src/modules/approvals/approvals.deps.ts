import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import type { Logger } from "../../platform/logger.ts";
import type { BlobStore } from "../../platform/blob/index.ts";
import type { ApprovalInstance } from "@ops/shared/contracts/approvals.ts";
import type { AuditService } from "../audit/index.ts";
import type { HookTargets } from "./hooks/index.ts";

/** What approvals needs of notify: `send` (inbox, chat card, push per each user's preferences). */
export type ApprovalSender = { send(input: { type: string; recipients: string[]; data: Record<string, unknown> }): Promise<unknown> };

export type ApprovalsDeps = {
  db: Db;
  clock: Clock;
  logger?: Logger;
  /** notify's `send`: new tasks, decisions, urges, CC. Absent: nobody is told (tests of the engine alone). */
  sender?: ApprovalSender;
  /**
   * Posted chat cards of an instance follow every decision:
   * `refresh("approval", instanceId, {kind: "approval", data})`. Absent: no chat cards to update.
   */
  /** comment attachments (keys `approvals/<instance id>/<attachment id>`). Absent: comments are text only. */
  blobs?: BlobStore;
  /** per-file cap of comment attachments (OPS_ATTACHMENT_MAX_BYTES); default APPROVAL_LIMITS.attachmentBytes */
  attachmentMaxBytes?: number;
  /** system actions (node timeouts) are audited as system:approval-timeout. Absent: not audited. */
  audit?: Pick<AuditService, "recordRequest">;
  /** internal hooks' jobs and flows (checked on save and publish, started when an instance ends). Absent: hooks name nothing that exists. */
  hookTargets?: HookTargets;
  /** set by createApprovals: after the commit that ended an instance (hooks, then its end listeners such as flows' gates) */
  ended?: (inst: ApprovalInstance) => Promise<void>;
  /**
   * Outbound webhooks (modules/webhooks): after each commit the instance's events are published;
   * `listening` lets the engine skip building them when nobody subscribed. Absent: no webhook events.
   */
  webhooks?: {
    listening(prefix: string): Promise<boolean>;
    publish(events: Array<{ id: string; type: string; occurred_at: string; attributes?: { definition_key?: string }; data: Record<string, unknown> }>): Promise<unknown>;
  };
  cards?: { refresh(entityType: string, entityId: string, card: { kind: string; data: Record<string, unknown> }): Promise<number> };
};

export const APPROVALS_VIEW = "approvals:view";
export const APPROVALS_SUBMIT = "approvals:submit";
export const APPROVALS_DECIDE = "approvals:decide";
export const APPROVALS_DESIGN = "approvals:design";

/** Notification types (names in the catalogue as notify.type.<type>). */
export const NOTICE_TYPES = {
  task: "approval.requested",
  cc: "approval.cc",
  decided: "approval.decided",
  urged: "approval.urged",
  /** a timeout reminder (the node's timeout with action remind) */
  remind: "approval.reminded",
  /** the initiator's own copy of the card at submit */
  submitted: "approval.submitted",
} as const;
