import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import type { Logger } from "../../platform/logger.ts";
import type { BlobStore } from "../../platform/blob/index.ts";
import type { Notify } from "../notify/index.ts";

export type TicketsDeps = {
  db: Db;
  clock: Clock;
  /** IAM's data scopes: a ticket belongs to its reporter's department */
  scope: ScopeFilter;
  /** the next party hears of each step; SLA reminders go to the party waited on */
  notify: Pick<Notify, "send">;
  /**
   * Posted chat cards of a ticket follow every transition: `refresh("ticket", id, {kind: "ticket", data: <Ticket>})`.
   * Absent: no chat cards to update.
   */
  cards?: { refresh(entityType: string, entityId: string, card: { kind: string; data: Record<string, unknown> }): Promise<number> };
  /** attachment bytes */
  blobs: BlobStore;
  /** per-file cap of comment attachments (OPS_ATTACHMENT_MAX_BYTES); default TICKET_LIMITS.attachmentBytes */
  attachmentMaxBytes?: number;
  logger?: Logger;
  /** OPS_PUBLIC_URL: absolute links in notifications */
  publicUrl?: string;
};

/** view = see tickets in one's data scope; create = open; review = 管理方; assign = 承建方-项目经理; handle = may be assigned (承建方-员工). */
export const TICKETS_VIEW = "tickets:view";
export const TICKETS_CREATE = "tickets:create";
export const TICKETS_REVIEW = "tickets:review";
export const TICKETS_ASSIGN = "tickets:assign";
export const TICKETS_HANDLE = "tickets:handle";
