import type { Actor } from "@ops/shared";
import type { Db } from "../../platform/db/db.ts";
import { Where, insertRow, paginate } from "../../platform/db/query.ts";
import type { Clock } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import type { AuditNote, RequestContext } from "../../platform/context.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import type { AuditLog, AuditLogQuery, LoginLog, LoginLogQuery } from "./audit.schema.ts";

export type RequestAudit = {
  ctx: RequestContext;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  module: string;
  action: string;
  resourceType?: string;
  errorCode?: string;
};

export type LoginAttempt = {
  username: string;
  userId?: string | null;
  provider?: string;
  success: boolean;
  reason?: string | null;
  sessionId?: string | null;
  ctx?: RequestContext;
};

export type AuditSink = {
  recordRequest(entry: RequestAudit): Promise<void>;
  recordLogin(entry: LoginAttempt): Promise<void>;
};

type AuditRow = Omit<AuditLog, "before" | "after"> & { before_data: string | null; after_data: string | null };
type LoginRow = Omit<LoginLog, "success"> & { success: number };

const AUDIT_SORT = { ts: "ts", module: "module", action: "action", status: "status", duration_ms: "duration_ms", actor_name: "actor_name" };
const LOGIN_SORT = { ts: "ts", username: "username", ip: "ip" };

export function createAuditService(deps: { db: Db; clock: Clock; scope: ScopeFilter }) {
  const { db, clock } = deps;

  async function recordRequest(e: RequestAudit): Promise<void> {
    const actor = e.ctx.actor;
    const notes = e.ctx.auditNotes.length ? e.ctx.auditNotes : [{}];
    // Audit rows are written outside the request's transaction: a rolled-back change is still audited as a failure.
    for (const note of notes as AuditNote[]) {
      const named = !actor && note.actor ? note.actor : null;
      await insertRow(db, "audit_logs", {
        id: newId(),
        ts: clock.now().toISOString(),
        actor_kind: named ? "user" : actor ? (actor.kind === "user" && actor.tokenId ? "token" : actor.kind) : "anonymous",
        actor_id: named ? named.id : actor?.kind === "user" ? actor.userId : null,
        actor_name: named ? named.name : actor?.kind === "user" ? actor.username : actor ? `system:${actor.reason}` : null,
        dept_id: actor?.kind === "user" ? actor.deptId : null,
        via: e.ctx.via,
        ip: e.ctx.ip,
        user_agent: e.ctx.userAgent?.slice(0, 500) ?? null,
        method: e.method,
        path: e.path,
        module: note.module ?? e.module,
        action: note.action ?? e.action,
        resource_type: note.resourceType ?? e.resourceType ?? null,
        resource_id: note.resourceId ?? null,
        before_data: note.before === undefined ? null : JSON.stringify(note.before),
        after_data: note.after === undefined ? null : JSON.stringify(note.after),
        status: e.status,
        error_code: e.errorCode ?? null,
        duration_ms: e.durationMs,
        request_id: e.ctx.requestId,
      });
    }
  }

  async function recordLogin(e: LoginAttempt): Promise<void> {
    await insertRow(db, "login_logs", {
      id: newId(),
      ts: clock.now().toISOString(),
      username: e.username.slice(0, 200),
      user_id: e.userId ?? null,
      provider: e.provider ?? "password",
      success: e.success ? 1 : 0,
      reason: e.reason ?? null,
      ip: e.ctx?.ip ?? null,
      user_agent: e.ctx?.userAgent?.slice(0, 500) ?? null,
      session_id: e.sessionId ?? null,
      request_id: e.ctx?.requestId ?? null,
    });
  }

  async function auditWhere(actor: Actor, q: Partial<AuditLogQuery>): Promise<Where> {
    const w = new Where();
    if (q.actor) w.add("(actor_name = ? OR actor_id = ?)", q.actor, q.actor);
    w.eq("module", q.module).eq("action", q.action).eq("resource_type", q.resource_type).eq("resource_id", q.resource_id);
    w.eq("request_id", q.request_id).range("ts", q.from, q.to).search(["path", "action", "actor_name"], q.q);
    if (q.status === "success") w.add("status < 400");
    if (q.status === "failure") w.add("status >= 400");
    return w.fragment(await deps.scope(actor, { dept: "dept_id", owner: "actor_id" }));
  }

  const toAudit = (r: AuditRow): AuditLog => {
    const { before_data, after_data, ...rest } = r;
    return { ...rest, status: Number(r.status), before: parse(before_data), after: parse(after_data) };
  };

  return {
    recordRequest,
    recordLogin,
    async listLogs(actor: Actor, q: AuditLogQuery) {
      return paginate<AuditRow, AuditLog>(db, {
        select: "*",
        from: "audit_logs",
        where: await auditWhere(actor, q),
        query: q,
        sortable: AUDIT_SORT,
        defaultSort: "ts DESC, id DESC",
        map: toAudit,
      });
    },
    /** every matching row (newest first), for export; capped so one request cannot exhaust memory */
    async allLogs(actor: Actor, q: Partial<AuditLogQuery>, cap = 50_000): Promise<AuditLog[]> {
      const w = await auditWhere(actor, q);
      const rows = await db.all<AuditRow>(`SELECT * FROM audit_logs ${w.sql} ORDER BY ts DESC, id DESC LIMIT ?`, [...w.params, cap]);
      return rows.map(toAudit);
    },
    async listLogins(actor: Actor, q: LoginLogQuery) {
      const w = new Where().eq("ip", q.ip).range("ts", q.from, q.to);
      if (q.username) w.add("username = ?", q.username);
      if (q.success) w.add("success = ?", q.success === "true" ? 1 : 0);
      w.fragment(await deps.scope(actor, { owner: "user_id", dept: "(SELECT dept_id FROM users u WHERE u.id = login_logs.user_id)" }));
      return paginate<LoginRow, LoginLog>(db, {
        select: "*",
        from: "login_logs",
        where: w,
        query: q,
        sortable: LOGIN_SORT,
        defaultSort: "ts DESC, id DESC",
        map: (r) => ({ ...r, success: Number(r.success) === 1 }),
      });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

function parse(value: string | null): unknown {
  if (value == null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
