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

export type AuditLog = {
  id: string;
  ts: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  dept_id: string | null;
  via: string;
  ip: string | null;
  user_agent: string | null;
  method: string | null;
  path: string | null;
  module: string;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  before: unknown;
  after: unknown;
  status: number;
  error_code: string | null;
  duration_ms: number | null;
  request_id: string | null;
};

export type LoginLog = {
  id: string;
  ts: string;
  username: string;
  user_id: string | null;
  provider: string;
  success: boolean;
  reason: string | null;
  ip: string | null;
  user_agent: string | null;
  session_id: string | null;
  request_id: string | null;
};
