/** Audit: a leaf module. Others reach it only through this file. */
export { createAuditService, type AuditService, type AuditSink, type LoginAttempt } from "./audit.service.ts";
export { auditRoutes } from "./audit.routes.ts";
export { verifyAuditChains, type VerifyReport } from "./chain-verify.ts";
export type { AuditLog, LoginLog } from "./audit.schema.ts";
