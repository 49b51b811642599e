import { notFound, type Page } from "@ops/shared";
import { iso, type Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where, paginate } from "../../../platform/db/query.ts";
import type { LiveNotification } from "./live-hub.ts";
import type { InboxQuery } from "../notify.schema.ts";

type InboxRow = Omit<LiveNotification, "data" | "critical" | "read"> & { data: string; critical: number };

export const toNotification = (r: InboxRow): LiveNotification => ({
  id: r.id,
  type: r.type,
  title: r.title,
  body: r.body,
  data: parseJson(r.data),
  critical: Number(r.critical) === 1,
  read: r.read_at !== null,
  read_at: r.read_at,
  created_at: r.created_at,
});

const COLUMNS = "id, type, title, body, data, critical, read_at, created_at";

/** The signed-in user's inbox: only ever their own rows. */
export function createInbox(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    list(userId: string, q: InboxQuery): Promise<Page<LiveNotification>> {
      const where = new Where().add("user_id = ?", userId).eq("type", q.type);
      if (q.unread === "true") where.add("read_at IS NULL");
      if (q.unread === "false") where.add("read_at IS NOT NULL");
      return paginate<InboxRow, LiveNotification>(db, {
        select: COLUMNS,
        from: "notifications",
        where,
        query: q,
        sortable: { created_at: "created_at", type: "type" },
        defaultSort: "created_at DESC, id DESC",
        map: toNotification,
      });
    },
    async unreadCount(userId: string): Promise<number> {
      const row = await db.get<{ c: number | string }>(
        "SELECT CAST(COUNT(*) AS INTEGER) AS c FROM notifications WHERE user_id = ? AND read_at IS NULL",
        [userId],
      );
      return Number(row?.c ?? 0);
    },
    async get(userId: string, id: string): Promise<LiveNotification> {
      const row = await db.get<InboxRow>(`SELECT ${COLUMNS} FROM notifications WHERE id = ? AND user_id = ?`, [id, userId]);
      if (!row) throw notFound("notify.notification_not_found");
      return toNotification(row);
    },
    async markRead(userId: string, id: string): Promise<LiveNotification> {
      const row = await db.get<InboxRow>(`SELECT ${COLUMNS} FROM notifications WHERE id = ? AND user_id = ?`, [id, userId]);
      if (!row) throw notFound("notify.notification_not_found");
      if (row.read_at) return toNotification(row);
      const readAt = iso(clock.now());
      await db.run("UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL", [readAt, id]);
      return toNotification({ ...row, read_at: readAt });
    },
    async markAllRead(userId: string): Promise<{ updated: number }> {
      const before = await this.unreadCount(userId);
      await db.run("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", [iso(clock.now()), userId]);
      return { updated: before };
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;

export function parseJson(value: string | null): unknown {
  if (value == null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
