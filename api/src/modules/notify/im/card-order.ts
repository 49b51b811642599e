import { iso, type Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";

/** One numbered in-place update of one posted message, as the bot's worker names it. */
export type CardOrderRef = {
  platform: string;
  chat_id: string;
  message_id: string;
  entity_type: string;
  entity_id: string;
  seq: number;
};

/**
 * `apply`: make the platform call. `token`: the count of finished calls on this message when this one was claimed,
 * handed back to `finish`; null when the entity's card is no longer kept (the update is applied unordered).
 */
export type CardClaim = { apply: boolean; token: number | null };
/** `reapply`: the entity's newest card, to apply again (a new call: its own `token`), or null when done. */
export type CardFinish = { reapply: { seq: number; card: { kind: string; data: Record<string, unknown> } } | null; token: number | null };

/**
 * The order of card updates of one message across the bot's worker processes. Every worker claims before its
 * platform call and finishes after it; the store keeps, per message, the highest number claimed and applied and a
 * count of finished calls. A claim older than one claimed or applied is dropped. A call that overlapped another on
 * the same message (a call finished between this one's claim and its finish) may have landed last with an older
 * card, so the later of the two to finish re-applies the entity's newest card (im_entity_cards): the last call to
 * finish on a message is either alone (every earlier call landed before it started, and it carries a number no lower
 * than any applied) or a re-apply of the newest. One extra platform call per race; none when nothing overlaps.
 */
export function createCardOrder(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const where = "platform = ? AND chat_id = ? AND message_id = ?";
  const key = (r: Pick<CardOrderRef, "platform" | "chat_id" | "message_id">) => [r.platform, r.chat_id, r.message_id];

  /** The entity's kept card: its number is the current numbering (a pruned entity starts again at 1). */
  async function latest(entityType: string, entityId: string) {
    const row = await db.get<{ card: string; seq: number | string }>("SELECT card, seq FROM im_entity_cards WHERE entity_type = ? AND entity_id = ?", [entityType, entityId]);
    return row ? { seq: Number(row.seq), card: JSON.parse(row.card) as { kind: string; data: Record<string, unknown> } } : null;
  }

  return {
    async claim(r: CardOrderRef): Promise<CardClaim> {
      const kept = await latest(r.entity_type, r.entity_id);
      if (!kept) return { apply: true, token: null };
      if (r.seq > kept.seq) return { apply: false, token: null }; // numbered before the entity's numbering restarted
      // A row of another entity (the message re-recorded) or of an earlier numbering starts over; `ends` only grows.
      const restart = `(im_card_order.entity_type <> excluded.entity_type OR im_card_order.entity_id <> excluded.entity_id OR im_card_order.claimed_seq > ?)`;
      const [row] = await db.all<{ claimed_seq: number | string; applied_seq: number | string | null; ends: number | string }>(
        `INSERT INTO im_card_order (platform, chat_id, message_id, entity_type, entity_id, claimed_seq, applied_seq, ends, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL, 0, ?)
         ON CONFLICT (platform, chat_id, message_id) DO UPDATE SET
           claimed_seq = CASE WHEN ${restart} OR im_card_order.claimed_seq < excluded.claimed_seq THEN excluded.claimed_seq ELSE im_card_order.claimed_seq END,
           applied_seq = CASE WHEN ${restart} THEN NULL ELSE im_card_order.applied_seq END,
           entity_type = excluded.entity_type, entity_id = excluded.entity_id, updated_at = excluded.updated_at
         RETURNING claimed_seq, applied_seq, ends`,
        [...key(r), r.entity_type, r.entity_id, r.seq, iso(clock.now()), kept.seq, kept.seq],
      );
      const claimed = Number(row!.claimed_seq);
      const applied = row!.applied_seq === null ? -1 : Number(row!.applied_seq);
      return claimed === r.seq && applied < r.seq ? { apply: true, token: Number(row!.ends) } : { apply: false, token: null };
    },

    /** After the platform call (`ok`: it succeeded; a failed one may still have landed, so it counts as finished). */
    async finish(r: CardOrderRef & { token: number | null; ok: boolean }): Promise<CardFinish> {
      if (r.token === null) return { reapply: null, token: null };
      // the message may have been re-recorded for another entity meanwhile: our number says nothing about its numbering
      const ours = "entity_type = ? AND entity_id = ?";
      const [row] = await db.all<{ ends: number | string; entity_type: string; entity_id: string }>(
        `UPDATE im_card_order SET ends = ends + 1, updated_at = ?,
           applied_seq = CASE WHEN ? = 1 AND ${ours} AND (applied_seq IS NULL OR applied_seq < ?) THEN ? ELSE applied_seq END
         WHERE ${where} RETURNING ends, entity_type, entity_id`,
        [iso(clock.now()), r.ok ? 1 : 0, r.entity_type, r.entity_id, r.seq, r.seq, ...key(r)],
      );
      if (!row) return { reapply: null, token: null }; // pruned: nothing to order against any more
      const ends = Number(row.ends);
      if (ends - 1 === r.token || row.entity_type !== r.entity_type || row.entity_id !== r.entity_id) return { reapply: null, token: null };
      // Another call on this message finished while ours was in flight: ours may have landed after it.
      const kept = await latest(r.entity_type, r.entity_id);
      if (!kept) return { reapply: null, token: null };
      await db.run(`UPDATE im_card_order SET claimed_seq = ? WHERE ${where} AND claimed_seq < ?`, [kept.seq, ...key(r), kept.seq]);
      return { reapply: kept, token: ends };
    },

    /** Rows of messages no update touched for `keepMs` (their entities' cards are pruned on the same clock). */
    prune(keepMs: number): Promise<void> {
      return db.run("DELETE FROM im_card_order WHERE updated_at < ?", [iso(new Date(clock.now().getTime() - keepMs))]);
    },
  };
}

export type CardOrder = ReturnType<typeof createCardOrder>;
