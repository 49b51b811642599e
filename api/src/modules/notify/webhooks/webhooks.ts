import { badRequest, notFound } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId, randomToken } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { ReservedJob } from "../../../platform/queue/index.ts";
import { ChannelFailure, toChannelFailure, postWebhook } from "../channels/index.ts";
import {
  closeAttempt, createDelivery, logBase, openAttempt, settleDelivery, settleFailure, SUPERSEDED, type DeliveryRecord,
} from "../delivery/index.ts";
import type { NotifyCtx } from "../notify.deps.ts";
import type { WebhookInput, WebhookKind } from "../notify.schema.ts";
import { composeMessage, type Templates } from "../templates/index.ts";
import { maskRobotUrl, postWecomRobot, robotMarkdown } from "./wecom-robot.ts";

/**
 * Generic webhooks: endpoints an admin subscribes to notification types (`*` for all). Each
 * event is POSTed once per endpoint, HMAC-signed, retried with backoff; no failover (there is
 * no recipient to reach another way). The signing secret is shown once, stored encrypted.
 */
export type Webhook = {
  id: string; name: string; kind: WebhookKind; url: string; types: string[]; enabled: boolean; mentions: string[]; created_at: string; updated_at: string;
};

type WebhookRow = Omit<Webhook, "types" | "enabled" | "mentions"> & { types: string; enabled: number; mentions: string; secret: string };

const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id, name: r.name, kind: r.kind ?? "generic", url: r.url, types: JSON.parse(r.types) as string[], enabled: Number(r.enabled) === 1,
  mentions: JSON.parse(r.mentions ?? "[]") as string[], created_at: r.created_at, updated_at: r.updated_at,
});

export function createWebhooks(ctx: NotifyCtx) {
  const { db } = ctx;
  return {
    async list(): Promise<Webhook[]> {
      return (await db.all<WebhookRow>("SELECT * FROM notify_webhooks ORDER BY created_at")).map(toWebhook);
    },
    /** A generic webhook's signing secret is shown once (in the answer); a robot has none (its URL carries its key). */
    async create(input: WebhookInput, by: string | null): Promise<Webhook & { secret?: string }> {
      // Checked again at every send (DNS may change); here the admin learns at once.
      if ((await ctx.transports.webhook.check(input.url)) === "private") {
        throw badRequest("common.validation", [{ field: "url", message: "notify.webhook_private_target" }]);
      }
      const robot = input.kind === "wecom";
      const secret = robot ? null : `whsec_${randomToken(24)}`;
      const now = iso(ctx.clock.now());
      const row: WebhookRow = {
        id: newId(), name: input.name, kind: input.kind, url: robot ? maskRobotUrl(input.url) : input.url, types: JSON.stringify(input.types),
        enabled: input.enabled ? 1 : 0, mentions: JSON.stringify(robot ? input.mentions : []),
        // a robot's key is in its URL: the URL is the secret, sealed; `url` keeps only its masked form
        secret: await ctx.secrets.encrypt(secret ?? input.url), created_at: now, updated_at: now,
      };
      await insertRow(db, "notify_webhooks", { ...row, created_by: by });
      const hook = toWebhook(row);
      noteAudit({ resourceType: "notify_webhook", resourceId: hook.id, after: hook });
      return secret ? { ...hook, secret } : hook;
    },
    async remove(id: string): Promise<{ id: string }> {
      const row = await db.get<WebhookRow>("SELECT * FROM notify_webhooks WHERE id = ?", [id]);
      if (!row) throw notFound("notify.webhook_not_found");
      await db.run("DELETE FROM notify_webhooks WHERE id = ?", [id]);
      noteAudit({ resourceType: "notify_webhook", resourceId: id, before: toWebhook(row) });
      return { id };
    },
  };
}

/** Queues the event for every enabled webhook subscribed to its type, and for the ones the sender named (inside the send transaction). */
export async function queueWebhooks(ctx: NotifyCtx, event: { id: string; type: string }, named: readonly string[] = []): Promise<number> {
  const rows = await ctx.db.all<Pick<WebhookRow, "id" | "types">>("SELECT id, types FROM notify_webhooks WHERE enabled = 1");
  const matching = rows.filter((r) => {
    const types = JSON.parse(r.types) as string[];
    return named.includes(r.id) || types.includes("*") || types.includes(event.type);
  });
  for (const hook of matching) await createDelivery(ctx, { eventId: event.id, type: event.type, channel: "webhook", webhookId: hook.id });
  return matching.length;
}

/** Webhooks a sender names must exist (a disabled one is skipped quietly, as for subscriptions). */
export async function checkWebhookIds(ctx: NotifyCtx, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const found = await ctx.db.all<{ id: string }>(`SELECT id FROM notify_webhooks WHERE id IN (${ids.map(() => "?").join(", ")})`, [...ids]);
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw badRequest("notify.webhook_not_found", [{ field: "webhooks", message: "notify.webhook_not_found" }], { ids: missing.join(", ") });
}

export async function deliverWebhook(ctx: NotifyCtx, d: DeliveryRecord, job: ReservedJob, templates: Templates): Promise<unknown> {
  const now = () => iso(ctx.clock.now());
  const logId = await openAttempt(ctx.db, { ...logBase(d), attempt: job.attempt, status: "sending", now: now() });
  const hook = await ctx.db.get<WebhookRow>("SELECT * FROM notify_webhooks WHERE id = ?", [d.webhook_id]);
  try {
    if (!hook || Number(hook.enabled) !== 1) throw new ChannelFailure("notify.webhook_not_found", false);
    const outcome = hook.kind === "wecom" ? await postToRobot(ctx, templates, d, hook) : await postSigned(ctx, d, hook);
    // the attempt's row and the delivery say sent together: a worker dying between them left the row sent and the
    // delivery queued, and the job's next holder sent it again with no interrupted attempt on record
    if (!(await ctx.db.tx(async () => (await closeAttempt(ctx.db, logId, { status: "sent", target: outcome.target, now: now() }))
      && (await settleDelivery(ctx, d.id, { status: "sent", attempts: job.attempt }), true)))) return SUPERSEDED;
    ctx.events.emit({ kind: "attempt", deliveryId: d.id, channel: "webhook", status: "sent", userId: null });
    return { sent: true };
  } catch (error) {
    return settleFailure(ctx, d, job, logId, toChannelFailure(error));
  }
}

async function postSigned(ctx: NotifyCtx, d: DeliveryRecord, hook: WebhookRow) {
  const body = JSON.stringify({
    id: d.event.id, delivery_id: d.id, type: d.type, critical: d.event.critical, data: d.event.data, created_at: d.event.created_at,
  });
  return postWebhook({
    url: hook.url, secret: await ctx.secrets.decrypt(hook.secret), body, deliveryId: d.id, type: d.type,
    nowSeconds: Math.floor(ctx.clock.now().getTime() / 1000), transport: ctx.transports.webhook,
  });
}

/** A group robot reads the message as a person would: the zh-CN template of the event's type, as markdown. */
async function postToRobot(ctx: NotifyCtx, templates: Templates, d: DeliveryRecord, hook: WebhookRow) {
  const reader = { id: "", username: hook.name, displayName: hook.name, email: null, phone: null, locale: "zh-CN" as const };
  const message = await composeMessage(templates, d.event, reader, "im");
  const path = typeof d.event.data.link === "string" ? d.event.data.link : null;
  const link = path && ctx.publicUrl ? new URL(path, ctx.publicUrl).toString() : null;
  return postWecomRobot({
    url: await ctx.secrets.decrypt(hook.secret), content: robotMarkdown(message, link), mentions: JSON.parse(hook.mentions ?? "[]") as string[],
    transport: ctx.transports.webhook,
  });
}
