import type { Actor, Locale } from "@ops/shared";
import { auditActionName } from "@ops/shared/contracts/audit.ts";
import type { Db } from "../../platform/db/db.ts";
import { Where, orderBy, paginate } from "../../platform/db/query.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Logger } from "../../platform/logger.ts";
import { newId } from "../../platform/crypto.ts";
import type { AuditNote, RequestContext } from "../../platform/context.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import type { AuditLog, AuditLogQuery, LoginLog, LoginLogQuery } from "./audit.schema.ts";
import { createChainCrypto } from "./chain.ts";
import { createChainWriter } from "./chain-writer.ts";
import { verifyChains } from "./chain-verify.ts";
import { createArchiver } from "./archiver.ts";
import { searchArchived } from "./archive-search.ts";
import { pageInMemory } from "./page-in-memory.ts";

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
  /** when it happened, if not now (demo history is written oldest first, so the chain stays in time order) */
  at?: Date;
};

export type LoginAttempt = {
  username: string;
  userId?: string | null;
  provider?: string;
  success: boolean;
  reason?: string | null;
  sessionId?: string | null;
  ctx?: RequestContext;
  /** when it happened, if not now (demo history is written oldest first, so the chain stays in time order) */
  at?: Date;
};

export type AuditSink = {
  recordRequest(entry: RequestAudit): Promise<void>;
  recordLogin(entry: LoginAttempt): Promise<void>;
};

/** the columns of audit_logs; the names shown with a row are added when it is listed */
type Named = "actor_display_name" | "actor_username" | "action_name";
type StoredAudit = Omit<AuditLog, Named>;
type AuditRow = Omit<StoredAudit, "before" | "after"> & { before_data: string | null; after_data: string | null; chain_hash?: string | null };
type LoginRow = Omit<LoginLog, "success" | "display_name"> & { success: number; chain_hash?: string | null };
type UserName = { id: string; username: string; display_name: string };

export type AuditDeps = {
  db: Db;
  clock: Clock;
  scope: ScopeFilter;
  /** HMAC key of the chains, derived from OPS_SECRET_KEY */
  chainKey: string;
  /** OPS_DATA_DIR/audit-archive */
  archiveDir: string;
  /** OPS_AUDIT_ARCHIVE_DAYS: the default age for archival, 0 = no periodic archival */
  archiveDays?: number;
  logger?: Logger;
};

const DEFAULT_ARCHIVE_DAYS = 180;
const AUDIT_SORT = { ts: "ts", module: "module", action: "action", status: "status", duration_ms: "duration_ms", actor_name: "actor_name" };
const LOGIN_SORT = { ts: "ts", username: "username", ip: "ip" };

export function createAuditService(deps: AuditDeps) {
  const { db, clock } = deps;
  const crypto = createChainCrypto(deps.chainKey);
  const chain = createChainWriter(db, crypto);
  const archiver = createArchiver({ db, clock, crypto, writer: chain, dir: deps.archiveDir, logger: deps.logger });
  let stopSchedule: (() => Promise<void>) | null = null;

  async function recordRequest(e: RequestAudit): Promise<void> {
    const actor = e.ctx.actor;
    const notes = e.ctx.auditNotes.length ? e.ctx.auditNotes : [{}];
    // Audit rows are written outside the request's transaction: a rolled-back change is still audited as a failure.
    for (const note of notes as AuditNote[]) {
      const named = !actor && note.actor ? note.actor : null;
      await chain.append("audit_logs", {
        id: newId(),
        ts: (e.at ?? clock.now()).toISOString(),
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
    await chain.append("login_logs", {
      id: newId(),
      ts: (e.at ?? clock.now()).toISOString(),
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

  /** display names and current usernames of the given users, read at list time (the rows are chained: nothing is added to them) */
  async function userNames(ids: Array<string | null>): Promise<Map<string, UserName>> {
    const unique = [...new Set(ids.filter((id): id is string => !!id))];
    const names = new Map<string, UserName>();
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const rows = await db.all<UserName>(`SELECT id, username, display_name FROM users WHERE id IN (${chunk.map(() => "?").join(", ")})`, chunk);
      for (const r of rows) names.set(r.id, r);
    }
    return names;
  }

  /** the rows as people read them: the actor's names and the action's name in the request's language */
  async function readable(rows: StoredAudit[], locale: Locale): Promise<AuditLog[]> {
    const names = await userNames(rows.map((r) => r.actor_id));
    return rows.map((r) => {
      const user = r.actor_id ? names.get(r.actor_id) : undefined;
      return {
        ...r,
        actor_display_name: user?.display_name ?? null,
        actor_username: user?.username ?? null,
        action_name: auditActionName(locale, r.module, r.action),
      };
    });
  }

  const toAudit = (r: AuditRow): StoredAudit => {
    const { before_data, after_data, chain_hash: _hash, ...rest } = r;
    return { ...rest, seq: seqOf(r.seq), status: Number(r.status), before: parse(before_data), after: parse(after_data) };
  };

  /** live and archived rows together: searched in memory (capped), then sorted and paged like the live list */
  async function withArchived(actor: Actor, q: Partial<AuditLogQuery>, cap: number): Promise<AuditRow[]> {
    orderBy(q.sort, AUDIT_SORT, "ts DESC"); // refuses unknown sort keys as the live list does
    const w = await auditWhere(actor, q);
    const live = await db.all<AuditRow>(`SELECT * FROM audit_logs ${w.sql} ORDER BY ts DESC, id DESC LIMIT ?`, [...w.params, cap]);
    const archived = await searchArchived(db, deps.archiveDir, q, await deps.scope(actor, { dept: "dept_id", owner: "actor_id" }), cap);
    return [...live, ...(archived as AuditRow[])];
  }

  return {
    recordRequest,
    recordLogin,
    /** seals the chains over rows from before them (once per database); before serving */
    init: () => chain.ready(),
    verify: () => verifyChains(db, crypto, deps.archiveDir),
    /** moves rows older than the given days (default: archiveDays, else 180) to archive files */
    archive: (olderThanDays?: number) => archiver.run(olderThanDays ?? (deps.archiveDays || DEFAULT_ARCHIVE_DAYS)),
    /** periodic archival: once shortly after start, then daily (off when archiveDays is 0) */
    startArchiving(firstDelayMs?: number, onRun?: Parameters<typeof archiver.schedule>[3]) {
      if (deps.archiveDays && !stopSchedule) stopSchedule = archiver.schedule(deps.archiveDays, firstDelayMs, undefined, onRun);
    },
    /** stops the timer and waits for a run in progress, so the store can close (a shutdown calls it first, with the scheduler role's timers) */
    async stop() {
      await stopSchedule?.();
      stopSchedule = null;
    },
    async listLogs(actor: Actor, q: AuditLogQuery, locale: Locale = "zh-CN") {
      const page = isOn(q.include_archived)
        ? pageInMemory((await withArchived(actor, q, 50_000)).map(toAudit), q, AUDIT_SORT)
        : await paginate<AuditRow, StoredAudit>(db, {
        select: "*",
        from: "audit_logs",
        where: await auditWhere(actor, q),
        query: q,
        sortable: AUDIT_SORT,
        defaultSort: "ts DESC, id DESC",
        map: toAudit,
      });
      return { ...page, items: await readable(page.items, locale) };
    },
    /** every matching row (newest first), for export; capped so one request cannot exhaust memory */
    async allLogs(actor: Actor, q: Partial<AuditLogQuery>, locale: Locale = "zh-CN", cap = 50_000): Promise<AuditLog[]> {
      if (isOn(q.include_archived)) {
        return readable(pageInMemory((await withArchived(actor, q, cap)).map(toAudit), { page: 1, page_size: cap, sort: q.sort }, AUDIT_SORT).items, locale);
      }
      const w = await auditWhere(actor, q);
      const rows = await db.all<AuditRow>(`SELECT * FROM audit_logs ${w.sql} ORDER BY ts DESC, id DESC LIMIT ?`, [...w.params, cap]);
      return readable(rows.map(toAudit), locale);
    },
    async listLogins(actor: Actor, q: LoginLogQuery) {
      const w = new Where().eq("ip", q.ip).range("ts", q.from, q.to);
      if (q.username) w.add("username = ?", q.username);
      if (q.success) w.add("success = ?", q.success === "true" ? 1 : 0);
      w.fragment(await deps.scope(actor, { owner: "user_id", dept: "(SELECT dept_id FROM users u WHERE u.id = login_logs.user_id)" }));
      const page = await paginate<LoginRow, Omit<LoginLog, "display_name">>(db, {
        select: "*",
        from: "login_logs",
        where: w,
        query: q,
        sortable: LOGIN_SORT,
        defaultSort: "ts DESC, id DESC",
        map: ({ chain_hash: _hash, ...r }) => ({ ...r, seq: seqOf(r.seq), success: Number(r.success) === 1 }),
      });
      const names = await userNames(page.items.map((r) => r.user_id));
      return { ...page, items: page.items.map((r): LoginLog => ({ ...r, display_name: (r.user_id && names.get(r.user_id)?.display_name) || null })) };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

const isOn = (v: string | undefined) => v === "1" || v === "true";
const seqOf = (v: unknown) => (v == null ? null : Number(v));

function parse(value: string | null): unknown {
  if (value == null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
