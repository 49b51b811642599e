import { notFound, type Page } from "@ops/shared";
import { iso, type Clock } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where, insertRow, paginate, type ListQuery } from "../../../platform/db/query.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { Recipient } from "../channels/index.ts";
import type { BlacklistInput } from "../notify.schema.ts";

/**
 * Who must not be contacted: a user or a raw address (a bounced mailbox, a number that asked
 * to stop), on one channel or all (`*`), for one type or all. Unsubscribe links add entries
 * here too. Critical notifications bypass preferences but never this list.
 */
export type BlacklistEntry = {
  id: string;
  user_id: string | null;
  address: string | null;
  channel: string;
  type: string;
  reason: string | null;
  created_by: string | null;
  created_at: string;
};

export const normalizeAddress = (a: string) => a.trim().toLowerCase();

/** Addresses of the recipient the channel would use, so an address entry catches them too. */
function addressesOf(recipient: Recipient): string[] {
  return [recipient.email, recipient.phone].filter((a): a is string => Boolean(a)).map(normalizeAddress);
}

export async function isBlocked(db: Db, recipient: Recipient, channel: string, type: string): Promise<boolean> {
  const addresses = addressesOf(recipient);
  const who = addresses.length ? `(user_id = ? OR address IN (${addresses.map(() => "?").join(", ")}))` : "user_id = ?";
  const row = await db.get(
    `SELECT id FROM notify_blacklist WHERE ${who} AND channel IN ('*', ?) AND type IN ('*', ?) LIMIT 1`,
    [recipient.id, ...addresses, channel, type],
  );
  return Boolean(row);
}

export function createBlacklist(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    list(q: ListQuery & { user_id?: string }): Promise<Page<BlacklistEntry>> {
      return paginate<BlacklistEntry>(db, {
        select: "*", from: "notify_blacklist", where: new Where().eq("user_id", q.user_id), query: q,
        sortable: { created_at: "created_at" }, defaultSort: "created_at DESC, id DESC",
      });
    },
    /** Idempotent: the same user/address, channel and type is listed once. */
    async add(input: BlacklistInput, by: string | null): Promise<BlacklistEntry> {
      const address = input.address ? normalizeAddress(input.address) : null;
      const existing = await db.get<BlacklistEntry>(
        `SELECT * FROM notify_blacklist WHERE ${address ? "address = ?" : "user_id = ?"} AND channel = ? AND type = ?`,
        [address ?? input.user_id, input.channel, input.type],
      );
      if (existing) return existing;
      const entry: BlacklistEntry = {
        id: newId(), user_id: input.user_id ?? null, address, channel: input.channel, type: input.type,
        reason: input.reason ?? null, created_by: by, created_at: iso(clock.now()),
      };
      await insertRow(db, "notify_blacklist", entry);
      noteAudit({ resourceType: "notify_blacklist", resourceId: entry.id, after: entry });
      return entry;
    },
    async remove(id: string): Promise<{ id: string }> {
      const before = await db.get<BlacklistEntry>("SELECT * FROM notify_blacklist WHERE id = ?", [id]);
      if (!before) throw notFound("notify.blacklist_not_found");
      await db.run("DELETE FROM notify_blacklist WHERE id = ?", [id]);
      noteAudit({ resourceType: "notify_blacklist", resourceId: id, before });
      return { id };
    },
  };
}

export type Blacklist = ReturnType<typeof createBlacklist>;
