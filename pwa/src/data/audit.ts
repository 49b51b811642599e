import { api, requestBlob, type Query } from "./client.ts";
import type { AuditLog, LoginLog, Page } from "./types.ts";

/** Audit log, its CSV export and the login log. */
export const auditApi = {
  logs: (q: Query) => api.get<Page<AuditLog>>("/audit/logs", q),
  exportCsv: (q: Query) => requestBlob("/audit/logs/export", q),
  loginLogs: (q: Query) => api.get<Page<LoginLog>>("/audit/login-logs", q),
};
