import { notFound, type UserActor } from "@ops/shared";
import { noteAudit } from "../../../platform/context.ts";
import { Where, paginate, type ListQuery } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createScopeFilter, assertMayManageUser } from "../access/index.ts";
import { activeSessionParams, activeSessionSql, revokeSession, revokeUserSessions } from "./sessions.ts";
import { securityFor } from "../settings/index.ts";

export type MySession = {
  id: string; device: string | null; ip: string | null; user_agent: string | null; provider: string;
  created_at: string; last_seen_at: string; current: boolean;
};
export type OnlineSession = {
  id: string; user_id: string; username: string; display_name: string; dept_name: string | null;
  ip: string | null; device: string | null; created_at: string; last_seen_at: string;
};
export type OnlineQuery = ListQuery & { q?: string; user_id?: string };

const ONLINE_SORT = { created_at: "s.created_at", last_seen_at: "s.last_seen_at", username: "u.username", ip: "s.ip" };

/** The caller's own open sessions (GET/DELETE /auth/sessions) and everyone's for operators (online-*). */
export function createSessionAdmin(deps: IamDeps) {
  const { db, clock } = deps;
  const scope = createScopeFilter(db);
  const activeParams = async (actor: UserActor) => activeSessionParams(clock.now(), await securityFor(db, actor));

  async function listMine(actor: UserActor): Promise<{ items: MySession[] }> {
    const rows = await db.all<Omit<MySession, "current">>(
      `SELECT id, device, ip, user_agent, provider, created_at, last_seen_at FROM sessions
       WHERE user_id = ? AND ${activeSessionSql()} ORDER BY last_seen_at DESC, id DESC`,
      [actor.userId, ...(await activeParams(actor))],
    );
    return { items: rows.map((r) => ({ ...r, current: r.id === actor.sessionId })) };
  }

  async function endMine(actor: UserActor, sessionId: string): Promise<{ ended: true }> {
    const row = await db.get("SELECT id FROM sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL", [sessionId, actor.userId]);
    if (!row) throw notFound("iam.session_not_found");
    await revokeSession(deps, sessionId, "ended_by_user");
    noteAudit({ resourceType: "session", resourceId: sessionId, after: { revoked: "ended_by_user" } });
    return { ended: true };
  }

  /** Open sessions within the actor's data scope, judged by the session user's department. */
  async function onlineWhere(actor: UserActor, q: { q?: string; user_id?: string }): Promise<Where> {
    const where = new Where().add(activeSessionSql("s"), ...(await activeParams(actor)));
    where.eq("s.user_id", q.user_id).search(["u.username", "u.display_name"], q.q);
    return where.fragment(await scope(actor, { dept: "u.dept_id", owner: "u.id" }));
  }

  async function listOnline(actor: UserActor, q: OnlineQuery) {
    return paginate<OnlineSession>(db, {
      select: "s.id, s.user_id, u.username, u.display_name, d.name AS dept_name, s.ip, s.device, s.created_at, s.last_seen_at",
      from: "sessions s JOIN users u ON u.id = s.user_id LEFT JOIN departments d ON d.id = u.dept_id",
      where: await onlineWhere(actor, q),
      query: q,
      sortable: ONLINE_SORT,
      defaultSort: "s.last_seen_at DESC, s.id DESC",
    });
  }

  async function kickSession(actor: UserActor, sessionId: string): Promise<{ ended: true }> {
    const where = (await onlineWhere(actor, {})).add("s.id = ?", sessionId);
    const row = await db.get<{ user_id: string }>(`SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id ${where.sql}`, where.params);
    if (!row) throw notFound("iam.session_not_found");
    await assertMayManageUser(db, actor, row.user_id);
    await revokeSession(deps, sessionId, "kicked");
    noteAudit({ resourceType: "session", resourceId: sessionId, after: { revoked: "kicked", user_id: row.user_id } });
    return { ended: true };
  }

  async function kickUser(actor: UserActor, userId: string): Promise<{ ended: number }> {
    const where = new Where().add("u.id = ?", userId).add("u.deleted_at IS NULL");
    where.fragment(await scope(actor, { dept: "u.dept_id", owner: "u.id" }));
    const user = await db.get(`SELECT u.id FROM users u ${where.sql}`, where.params);
    if (!user) throw notFound();
    await assertMayManageUser(db, actor, userId);
    const ended = await revokeUserSessions(deps, userId, "kicked");
    noteAudit({ resourceType: "user", resourceId: userId, after: { sessions_ended: ended.length, session_ids: ended } });
    return { ended: ended.length };
  }

  return { listMine, endMine, listOnline, kickSession, kickUser };
}
