import { iso } from "../../platform/clock.ts";
import type { WebhooksCtx } from "./webhooks.deps.ts";

const DAY_MS = 24 * 3600_000;
const BATCH = 500;

export type WebhookPruned = { deliveries: number; attempts: number; events: number };

/**
 * Retention (OPS_WEBHOOK_KEEP_DAYS): finished deliveries (delivered, failed) last changed more than
 * `keepDays` ago go with their attempts, then the events no delivery names any more. Queued and
 * retrying deliveries, and their events, are never touched. Batches of 500, each its own
 * transaction, so a large backlog never holds the store long. 0 keeps everything.
 */
export async function pruneWebhooks(ctx: WebhooksCtx, keepDays = ctx.options.keepDays): Promise<WebhookPruned> {
  const out: WebhookPruned = { deliveries: 0, attempts: 0, events: 0 };
  if (!keepDays) return out;
  const { db } = ctx;
  const before = iso(new Date(ctx.clock.now().getTime() - keepDays * DAY_MS));
  for (;;) {
    const rows = await db.all<{ id: string }>(
      "SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND updated_at < ? ORDER BY updated_at LIMIT ?", [before, BATCH],
    );
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const list = ids.map(() => "?").join(", ");
    await db.tx(async () => {
      out.attempts += (await db.all(`DELETE FROM webhook_attempts WHERE delivery_id IN (${list}) RETURNING id`, ids)).length;
      // still finished: a replay between the read and here made a new delivery, never changed this one
      out.deliveries += (await db.all(`DELETE FROM webhook_deliveries WHERE id IN (${list}) AND status IN ('delivered', 'failed') RETURNING id`, ids)).length;
    });
    if (rows.length < BATCH) break;
  }
  for (;;) {
    const rows = await db.all<{ id: string }>(
      `SELECT e.id FROM webhook_events e WHERE e.created_at < ? AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id) LIMIT ?`, [before, BATCH],
    );
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const list = ids.map(() => "?").join(", ");
    out.events += (await db.all(
      `DELETE FROM webhook_events WHERE id IN (${list}) AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id) RETURNING id`, ids,
    )).length;
    if (rows.length < BATCH) break;
  }
  return out;
}
