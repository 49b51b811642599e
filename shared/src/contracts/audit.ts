/** Audit API shapes, shared by the API (which returns them) and the PWA (which shows them). */
export type AuditLog = {
  id: string;
  /** position in the tamper-evident chain */
  seq?: number | null;
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
  seq?: number | null;
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

/** `GET /audit/verify`: where a chain first breaks (table, row, why, archive file) */
export type AuditChainBad = { table: "audit_logs" | "login_logs"; seq: number | null; id: string | null; reason: string; archive?: string };
export type AuditChainReport = { checked: number; archived: number; head_seq: number; head_hash: string | null; first_bad: AuditChainBad | null };
export type AuditVerifyReport = {
  ok: boolean;
  checked: number;
  first_bad: AuditChainBad | null;
  tables: Record<"audit_logs" | "login_logs", AuditChainReport>;
};
