import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import type { Logger } from "../../platform/logger.ts";
import type { BlobStore } from "../../platform/blob/index.ts";
import type { SecretBox } from "../../platform/crypto.ts";
import type { ConfigWriteGate } from "./data/index.ts";
import type { AuditSink } from "../audit/index.ts";

export type ConfigDeps = {
  db: Db;
  clock: Clock;
  /** IAM's data scopes: records of a table with an owner department carry a department */
  scope: ScopeFilter;
  /** secret text fields are sealed with it at rest */
  secrets: SecretBox;
  /** uploaded images (keys `config/<table id>/<upload id>`). Absent: image uploads are refused. */
  blobs?: BlobStore;
  /** largest image upload (OPS_ATTACHMENT_MAX_BYTES) */
  uploadMaxBytes?: number;
  logger?: Logger;
  /** the bot's read of the IM credentials is audited through it (system/system.routes.ts) */
  audit?: Pick<AuditSink, "recordRequest">;
  /** release/ (change sets, releases); absent until it is wired: every write applies directly */
  gate?: ConfigWriteGate;
};

export const CONFIG_VIEW = "config:view";
export const CONFIG_EDIT = "config:edit";
export const CONFIG_PUBLISH = "config:publish";
export const CONFIG_DESIGN = "config:design";
/** The built-in system tables (SMTP, IM credentials, security policy) are read and written with this alone. */
export const SYSTEM_SETTINGS_PERMISSION = "iam:settings:update";
/** The built-in tables' names start with it; a user's table may not. */
export const SYSTEM_PREFIX = "system-";

/** What a secret value reads as in every answer; writing it back keeps the stored value. */
export const SECRET_MASK = "••••••";
/** Largest image by default (the env's OPS_ATTACHMENT_MAX_BYTES default). */
export const DEFAULT_UPLOAD_MAX = 10 * 1024 * 1024;
