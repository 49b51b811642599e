import { z } from "@hono/zod-openapi";
import { listQuery } from "../../http/list-query.ts";

export const auditLogQuery = listQuery.extend({
  actor: z.string().max(100).optional().openapi({ description: "username or user id" }),
  module: z.string().max(50).optional(),
  action: z.string().max(100).optional(),
  resource_type: z.string().max(50).optional(),
  resource_id: z.string().max(100).optional(),
  status: z.enum(["success", "failure"]).optional(),
  request_id: z.string().max(128).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  q: z.string().max(100).optional(),
  /** also search the archive files (slower: read and filtered in memory) */
  include_archived: z.enum(["0", "1", "true", "false"]).optional(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuery>;

export const loginLogQuery = listQuery.extend({
  username: z.string().max(100).optional(),
  success: z.enum(["true", "false"]).optional(),
  ip: z.string().max(64).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
export type LoginLogQuery = z.infer<typeof loginLogQuery>;

export const archiveBody = z.object({
  older_than_days: z.number().int().min(0).max(36500).optional().openapi({ description: "default OPS_AUDIT_ARCHIVE_DAYS; 0 moves every row present" }),
});

const chainTable = z.enum(["audit_logs", "login_logs"]);
const badRow = z.object({
  table: chainTable,
  seq: z.number().nullable(),
  id: z.string().nullable(),
  reason: z.string().openapi({ description: "hash_mismatch, missing_row, out_of_order, unchained_row, truncated, beyond_head, legacy_altered, head_*, archive_*" }),
  archive: z.string().optional(),
});
const chainReport = z.object({ checked: z.number(), archived: z.number(), head_seq: z.number(), head_hash: z.string().nullable().openapi({ description: "record it elsewhere to detect a rollback of database and archives together" }), first_bad: badRow.nullable() });
export const verifyReport = z.object({
  ok: z.boolean(),
  checked: z.number(),
  first_bad: badRow.nullable(),
  tables: z.object({ audit_logs: chainReport, login_logs: chainReport }),
});
const moved = z.object({ rows: z.number(), files: z.array(z.string()) });
export const archiveResult = z.object({ cutoff: z.string(), tables: z.object({ audit_logs: moved, login_logs: moved }) });

export type { AuditLog, LoginLog } from "@ops/shared";
