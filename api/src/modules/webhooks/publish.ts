import type { WebhookFilter } from "@ops/shared/contracts/webhooks.ts";
import { iso } from "../../platform/clock.ts";
import { createDelivery } from "./delivery.store.ts";
import type { WebhooksCtx } from "./webhooks.deps.ts";

/**
 * An event a module publishes. `id` is stable for the fact it reports (publishing it again is a
 * no-op), `attributes` are what subscription filters read, `data` goes out as the body's `data`.
 */
export type OutboundEvent = {
  id: string;
  type: string;
  occurred_at: string;
  attributes?: { definition_key?: string };
  data: Record<string, unknown>;
};

type ActiveSub = { id: string; events: string[]; filter: WebhookFilter; active_since: string };

function matches(s: ActiveSub, e: OutboundEvent): boolean {
  if (!s.events.includes(e.type) || e.occurred_at < s.active_since) return false;
  const keys = s.filter.definition_keys;
  return !keys?.length || (e.attributes?.definition_key !== undefined && keys.includes(e.attributes.definition_key));
}

/** Whether any active subscription takes events of this type prefix (publishers skip building payloads otherwise). */
export async function listening(ctx: WebhooksCtx, prefix: string): Promise<boolean> {
  const rows = await ctx.db.all<{ events: string }>("SELECT events FROM webhook_subscriptions WHERE active = 1");
  return rows.some((r) => (JSON.parse(r.events) as string[]).some((t) => t.startsWith(prefix)));
}

/**
 * Records each new event once (its id is the key) and queues one delivery per matching active
 * subscription in the same transaction. An event seen before (a publisher that ran twice, two
 * processes racing) adds nothing, so each subscription gets each event once. Returns the deliveries queued.
 */
export async function publish(ctx: WebhooksCtx, events: OutboundEvent[]): Promise<number> {
  if (!events.length) return 0;
  const subs = (await ctx.db.all<{ id: string; events: string; filter: string; active_since: string }>(
    "SELECT id, events, filter, active_since FROM webhook_subscriptions WHERE active = 1 ORDER BY created_at, id",
  )).map((r): ActiveSub => ({ id: r.id, events: JSON.parse(r.events), filter: JSON.parse(r.filter), active_since: r.active_since }));
  const wanted = events.map((e) => ({ e, to: subs.filter((s) => matches(s, e)) })).filter((x) => x.to.length);
  if (!wanted.length) return 0;
  const ids = wanted.map((x) => x.e.id);
  const known = new Set((await ctx.db.all<{ id: string }>(`SELECT id FROM webhook_events WHERE id IN (${ids.map(() => "?").join(", ")})`, ids)).map((r) => r.id));
  let queued = 0;
  for (const { e, to } of wanted) {
    if (known.has(e.id)) continue;
    queued += await ctx.db.tx(async () => {
      const body = JSON.stringify({ id: e.id, type: e.type, occurred_at: e.occurred_at, data: e.data });
      const inserted = await ctx.db.get(
        "INSERT INTO webhook_events (id, type, occurred_at, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
        [e.id, e.type, e.occurred_at, body, iso(ctx.clock.now())],
      );
      if (!inserted) return 0;
      for (const s of to) await createDelivery(ctx, { subscriptionId: s.id, eventId: e.id, eventType: e.type });
      return to.length;
    });
  }
  return queued;
}
