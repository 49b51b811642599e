import type { WebhookEventType, WebhookFilter, WebhookSubscription } from "@ops/shared/contracts/webhooks.ts";
import { iso } from "../../platform/clock.ts";
import { noteAudit } from "../../platform/context.ts";
import { newId, randomToken } from "../../platform/crypto.ts";
import { insertRow } from "../../platform/db/query.ts";
import { checkUrl } from "./url-check.ts";
import type { WebhooksCtx } from "./webhooks.deps.ts";
import { invalidFields, subscriptionNotFound } from "./webhooks.errors.ts";
import type { SubscriptionInput } from "./webhooks.schema.ts";

export type SubscriptionRow = {
  id: string; name: string; url: string; events: string; filter: string; secret: string; active: number | string;
  active_since: string; created_by: string | null; created_at: string; updated_at: string;
};

export const toSubscription = (r: SubscriptionRow): WebhookSubscription => ({
  id: r.id, name: r.name, url: r.url, events: JSON.parse(r.events) as WebhookEventType[], filter: JSON.parse(r.filter) as WebhookFilter,
  active: Number(r.active) === 1, created_by: r.created_by, created_at: r.created_at, updated_at: r.updated_at,
});

const newSecret = () => `whsec_${randomToken(24)}`;

/** Subscriptions: CRUD and secret rotation. The secret is stored encrypted and shown only when set (create, rotate). */
export function createSubscriptions(ctx: WebhooksCtx) {
  const { db } = ctx;
  const now = () => iso(ctx.clock.now());

  async function row(id: string): Promise<SubscriptionRow> {
    const r = await db.get<SubscriptionRow>("SELECT * FROM webhook_subscriptions WHERE id = ?", [id]);
    if (!r) throw subscriptionNotFound();
    return r;
  }

  async function checked(input: SubscriptionInput): Promise<void> {
    const problem = await checkUrl(input.url, ctx.transport);
    if (problem) throw invalidFields([problem]);
  }

  return {
    row,
    async list(): Promise<WebhookSubscription[]> {
      return (await db.all<SubscriptionRow>("SELECT * FROM webhook_subscriptions ORDER BY created_at, id")).map(toSubscription);
    },
    get: async (id: string) => toSubscription(await row(id)),
    async create(input: SubscriptionInput, by: string | null): Promise<WebhookSubscription & { secret: string }> {
      await checked(input);
      const secret = input.secret ?? newSecret();
      const at = now();
      const r: SubscriptionRow = {
        id: newId(), name: input.name, url: input.url, events: JSON.stringify(input.events), filter: JSON.stringify(input.filter),
        secret: await ctx.secrets.encrypt(secret), active: input.active ? 1 : 0, active_since: at, created_by: by, created_at: at, updated_at: at,
      };
      await insertRow(db, "webhook_subscriptions", r);
      const sub = toSubscription(r);
      noteAudit({ resourceType: "webhook", resourceId: sub.id, after: sub });
      return { ...sub, secret };
    },
    async update(id: string, input: SubscriptionInput): Promise<WebhookSubscription> {
      const before = await row(id);
      await checked(input);
      const at = now();
      // Switched on again: what happened while it was off is not sent afterwards.
      const since = input.active && Number(before.active) !== 1 ? at : before.active_since;
      const secret = input.secret ? await ctx.secrets.encrypt(input.secret) : before.secret;
      await db.run(
        "UPDATE webhook_subscriptions SET name = ?, url = ?, events = ?, filter = ?, secret = ?, active = ?, active_since = ?, updated_at = ? WHERE id = ?",
        [input.name, input.url, JSON.stringify(input.events), JSON.stringify(input.filter), secret, input.active ? 1 : 0, since, at, id],
      );
      const after = toSubscription(await row(id));
      noteAudit({ resourceType: "webhook", resourceId: id, before: toSubscription(before), after: { ...after, secret_changed: Boolean(input.secret) } });
      return after;
    },
    async remove(id: string): Promise<{ id: string }> {
      const before = await row(id);
      await db.tx(async () => {
        await db.run("DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = ?)", [id]);
        await db.run("DELETE FROM webhook_deliveries WHERE subscription_id = ?", [id]);
        await db.run("DELETE FROM webhook_subscriptions WHERE id = ?", [id]);
      });
      noteAudit({ resourceType: "webhook", resourceId: id, before: toSubscription(before) });
      return { id };
    },
    async rotateSecret(id: string): Promise<WebhookSubscription & { secret: string }> {
      await row(id);
      const secret = newSecret();
      await db.run("UPDATE webhook_subscriptions SET secret = ?, updated_at = ? WHERE id = ?", [await ctx.secrets.encrypt(secret), now(), id]);
      const sub = toSubscription(await row(id));
      noteAudit({ resourceType: "webhook", resourceId: id, after: { secret_rotated: true } });
      return { ...sub, secret };
    },
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
