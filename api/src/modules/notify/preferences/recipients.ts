import { pickLocale } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import type { Recipient } from "../channels/index.ts";

type UserRow = { id: string; username: string; display_name: string; email: string | null; phone: string | null; locale: string };

/** Active, not deleted users by id; unknown or disabled ids are simply absent from the map. */
export async function loadRecipients(db: Db, ids: readonly string[]): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await db.all<UserRow>(
      `SELECT id, username, display_name, email, phone, locale FROM users
        WHERE id IN (${chunk.map(() => "?").join(", ")}) AND deleted_at IS NULL AND status = 'active'`,
      chunk,
    );
    for (const r of rows) out.set(r.id, toRecipient(r));
  }
  return out;
}

export async function recipientOf(db: Db, id: string): Promise<Recipient | null> {
  return (await loadRecipients(db, [id])).get(id) ?? null;
}

const toRecipient = (r: UserRow): Recipient => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  email: r.email || null,
  phone: r.phone || null,
  locale: pickLocale(r.locale),
});
