import { auditResult } from "@ops/shared/contracts/audit.ts";

/** The badge colour of a request's outcome: green success, amber not signed in, red refused or failed. */
export function resultBadge(status: number): string {
  const result = auditResult(status);
  return result === "success" ? "badge--ok" : result === "unauthenticated" ? "badge--warn" : "badge--danger";
}
