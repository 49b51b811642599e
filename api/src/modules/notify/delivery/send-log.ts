import type { Page } from "@ops/shared";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where, insertRow, paginate } from "../../../platform/db/query.ts";
import type { DeliveryChannel, LogQuery, SendLogStatus } from "../notify.schema.ts";

/**
 * One row per delivery attempt (and per deferral or block), written before the transport is
 * called (`sending`) and settled after, so a crash mid-send still leaves a trace. The rows
 * `sending`/`sent` of the last minute are also the per-recipient rate limit's counter.
 */
export type SendLogEntry = {
  id: string;
  delivery_id: string;
  event_id: string;
  user_id: string | null;
  username: string | null;
  type: string;
  channel: DeliveryChannel;
  attempt: number;
  status: SendLogStatus;
  target: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
};

export type AttemptStart = {
  deliveryId: string;
  eventId: string;
  userId: string | null;
  type: string;
  channel: DeliveryChannel;
  attempt: number;
  status: SendLogStatus;
  error?: string;
  /** more about the row: a deferral's end (ISO), the masked words a block found */
  detail?: string;
  now: string;
};

export async function openAttempt(db: Db, a: AttemptStart): Promise<string> {
  const id = newId();
  const final = a.status !== "sending";
  await insertRow(db, "notify_send_log", {
    id, delivery_id: a.deliveryId, event_id: a.eventId, user_id: a.userId, type: a.type, channel: a.channel,
    attempt: a.attempt, status: a.status, target: null, error: a.error ?? null, detail: a.detail ?? null, created_at: a.now, finished_at: final ? a.now : null,
  });
  return id;
}

/**
 * Settles an attempt's row. False when it was no longer `sending`: a newer attempt took the job
 * over (this worker's lease had run out), and this late outcome must not touch the delivery.
 */
export async function closeAttempt(db: Db, id: string, s: { status: SendLogStatus; target?: string; error?: string; now: string }): Promise<boolean> {
  const rows = await db.all<{ id: string }>(
    "UPDATE notify_send_log SET status = ?, target = COALESCE(?, target), error = ?, finished_at = ? WHERE id = ? AND status = 'sending' RETURNING id",
    [s.status, s.target ?? null, s.error ?? null, s.now, id],
  );
  return rows.length > 0;
}

/**
 * A new attempt of a delivery starts only when the queue handed its job out again: the previous
 * holder's lease ran out (a worker killed mid-send, a hung transport). Its row, still `sending`,
 * follows the job: `retry`, with the reason. Returns how many rows were settled.
 */
export async function closeInterrupted(db: Db, deliveryId: string, now: string): Promise<number> {
  const rows = await db.all<{ id: string }>(
    "UPDATE notify_send_log SET status = 'retry', error = 'notify.attempt_interrupted', finished_at = ? WHERE delivery_id = ? AND status = 'sending' RETURNING id",
    [now, deliveryId],
  );
  return rows.length;
}

/** Attempts that count against the recipient's per-minute budget on a channel, oldest first. */
export async function recentSends(db: Db, userId: string, channel: DeliveryChannel, since: string, limit: number): Promise<string[]> {
  const rows = await db.all<{ created_at: string }>(
    `SELECT created_at FROM notify_send_log WHERE user_id = ? AND channel = ? AND created_at > ? AND status IN ('sending', 'sent')
      ORDER BY created_at LIMIT ?`,
    [userId, channel, since, limit],
  );
  return rows.map((r) => r.created_at);
}

export function listSendLog(db: Db, q: LogQuery): Promise<Page<SendLogEntry>> {
  const where = new Where()
    .eq("l.user_id", q.user_id).eq("l.event_id", q.event_id).eq("l.delivery_id", q.delivery_id)
    .eq("l.type", q.type).eq("l.channel", q.channel).eq("l.status", q.status).range("l.created_at", q.from, q.to);
  return paginate<SendLogEntry>(db, {
    select: "l.*, u.username AS username",
    from: "notify_send_log l LEFT JOIN users u ON u.id = l.user_id",
    where,
    query: q,
    sortable: { created_at: "l.created_at", channel: "l.channel", status: "l.status", attempt: "l.attempt" },
    defaultSort: "l.created_at DESC, l.id DESC",
    map: (r) => ({ ...r, attempt: Number(r.attempt) }),
  });
}
