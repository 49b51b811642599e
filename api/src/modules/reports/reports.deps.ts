import type { Actor } from "@ops/shared";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import type { Logger } from "../../platform/logger.ts";
import type { BlobStore } from "../../platform/blob/index.ts";
import type { SecretBox } from "../../platform/crypto.ts";
import type { QueueDriver } from "../../platform/queue/index.ts";
import type { AuditSink } from "../audit/index.ts";
import type { SlowQueryRecorder } from "../../platform/observability.ts";

/** What the reports module needs from the rest of the system (wired in api/src/system.ts). */
export type ReportsDeps = {
  /** the built-in store: the module's own tables, and the `store`/`upload` datasources' report tables */
  db: Db;
  clock: Clock;
  /** IAM's data scopes: a viewer's departments for row filters */
  scope: ScopeFilter;
  /** datasource credentials are sealed with it at rest */
  secrets: SecretBox;
  /** export files and chart images (keys `reports/…`) */
  blobs: BlobStore;
  /** large exports and subscription deliveries run as queue jobs */
  queue: QueueDriver;
  logger: Logger;
  /** links in cards, e-mails and notifications */
  publicUrl?: string;
  /** largest upload (OPS_ATTACHMENT_MAX_BYTES) */
  uploadMaxBytes: number;
  /** a user's Actor by id or username (subscriptions render each recipient's digest as that recipient) */
  userActor(idOrUsername: string): Promise<Actor | null>;
  /** OPS_CHART_FONTS / OPS_CHART_FONT_FAMILY: the chart images' fonts instead of the installed ones */
  chartFonts?: { files: readonly string[]; family?: string };
  /** notify's send: export-ready notices and subscription digests (`data.card` "report-digest" reaches IM as that card;
   * `channels` limits the outbound channels; `data.email` carries the digest e-mail's HTML and attachments) */
  sender?: ReportsSender;
  /** streamed exports write their audit row when the last row went out (rows known only then) */
  audit?: AuditSink;
  /** HMAC key of signed chart-image URLs (derived from OPS_SECRET_KEY) */
  signingKey?: string;
  /** the monitor's slow query log: every dataset statement reports its timing (fire and forget) */
  slowQueries?: SlowQueryRecorder;
};

export type ReportsSender = {
  send(input: { type: string; recipients: string[]; data: Record<string, unknown>; channels?: Array<"im" | "email" | "push" | "sms"> }): Promise<{ event_id: string }>;
};

export const REPORTS_VIEW = "reports:view";
export const REPORTS_MANAGE = "reports:manage";
export const REPORTS_DATASOURCE = "reports:datasource";
export const REPORTS_SUBSCRIBE = "reports:subscribe";
export const UNMASK = "iam:user:unmask";
