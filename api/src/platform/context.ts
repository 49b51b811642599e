import { AsyncLocalStorage } from "node:async_hooks";
import type { Actor, Locale } from "@ops/shared";

/**
 * Per-request facts that services need without threading them through every call:
 * who acts, from where, and the audit notes the services leave for the audit sink.
 */
export type AuditNote = {
  module?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string | null;
  before?: unknown;
  after?: unknown;
  /** who acted, when the request carried no token yet (sign-in): the row names that user */
  actor?: { id: string; name: string };
};

export type RequestContext = {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  locale: Locale;
  actor?: Actor;
  via: string;
  auditNotes: AuditNote[];
};

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Services call this to attach before/after data and the resource to the request's audit row. */
export function noteAudit(note: AuditNote): void {
  storage.getStore()?.auditNotes.push(note);
}
