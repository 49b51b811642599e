import { notFound } from "@ops/shared";
import { iso, type Clock } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { PushSubscriptionInput } from "../notify.schema.ts";

/**
 * Browsers' push subscriptions. An endpoint belongs to one browser profile: when another user
 * signs in there and subscribes, the endpoint moves to them (the previous user must not get
 * pushes on a device they left).
 */
export function createPushSubscriptions(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async subscribe(userId: string, input: PushSubscriptionInput, userAgent: string | null): Promise<{ id: string }> {
      const now = iso(clock.now());
      const ua = userAgent?.slice(0, 500) ?? null;
      return db.tx(async () => {
        const existing = await db.get<{ id: string }>("SELECT id FROM notify_push_subscriptions WHERE endpoint = ?", [input.endpoint]);
        if (existing) {
          await db.run(
            "UPDATE notify_push_subscriptions SET user_id = ?, p256dh = ?, auth = ?, user_agent = ?, created_at = ? WHERE id = ?",
            [userId, input.keys.p256dh, input.keys.auth, ua, now, existing.id],
          );
          return { id: existing.id };
        }
        const id = newId();
        await db.run(
          "INSERT INTO notify_push_subscriptions (id, user_id, endpoint, p256dh, auth, user_agent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          [id, userId, input.endpoint, input.keys.p256dh, input.keys.auth, ua, now],
        );
        return { id };
      });
    },
    async unsubscribe(userId: string, endpoint: string): Promise<{ endpoint: string }> {
      const row = await db.get("SELECT id FROM notify_push_subscriptions WHERE endpoint = ? AND user_id = ?", [endpoint, userId]);
      if (!row) throw notFound("notify.subscription_not_found");
      await db.run("DELETE FROM notify_push_subscriptions WHERE endpoint = ? AND user_id = ?", [endpoint, userId]);
      return { endpoint };
    },
  };
}
