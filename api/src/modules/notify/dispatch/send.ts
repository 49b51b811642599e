import { badRequest } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import { noteAudit } from "../../../platform/context.ts";
import { isBlocked, effectivePreferences, planChannels, loadRecipients } from "../preferences/index.ts";
import type { Recipient } from "../channels/index.ts";
import { storeInApp } from "../channels/index.ts";
import { parkForDigest } from "../digest/index.ts";
import { composeMessage, type NotifyEventRecord } from "../templates/index.ts";
import type { NotifyCtx } from "../notify.deps.ts";
import type { SendInput } from "../notify.schema.ts";
import { planDeliveries } from "../delivery/index.ts";
import type { Templates } from "../templates/index.ts";
import { checkWebhookIds, queueWebhooks } from "../webhooks/index.ts";
import { recordBlockedSend, screenMessage, screenSend } from "../content/index.ts";

/** `blocked`: the sensitive-word filter refused the send (block mode): the listed words found, nothing delivered */
export type SendResult = { event_id: string; recipients: number; deliveries: number; digested: number; webhooks: number; blocked?: string[] };

/**
 * notify.send: store the event, give each recipient their inbox row (live after commit), then
 * per preferences either park it for a digest or queue one delivery per channel. All in one
 * transaction: a failure leaves no half-sent notification behind.
 */
export async function sendNotification(ctx: NotifyCtx, templates: Templates, input: SendInput, by: string | null): Promise<SendResult> {
  const ids = [...new Set(input.recipients)];
  const recipients = await loadRecipients(ctx.db, ids);
  const unknown = ids.filter((id) => !recipients.has(id));
  if (unknown.length) {
    throw badRequest("notify.unknown_recipients", [{ field: "recipients", message: "notify.unknown_recipient" }], { ids: unknown.join(", ") });
  }
  await checkWebhookIds(ctx, input.webhooks ?? []);
  const draft: NotifyEventRecord = { id: newId(), kind: "event", type: input.type, data: input.data, critical: input.critical, created_at: iso(ctx.clock.now()) };
  // the sensitive-word filter: block mode refuses the whole send (recorded, nothing delivered); mask mode masks the text
  const people = ids.map((id) => recipients.get(id)!);
  const screened = await screenSend(ctx, input.data, people, (r) => composeMessage(templates, draft, r, "inapp"));
  if (screened.blocked) {
    const rows = await recordBlockedSend(ctx, draft, people, screened.blocked, input.channels, by);
    noteAudit({ resourceType: "notify_event", resourceId: draft.id, after: { type: draft.type, recipient_ids: ids, blocked: rows, reason: "notify.sensitive_blocked" } });
    return { event_id: draft.id, recipients: ids.length, deliveries: 0, digested: 0, webhooks: 0, blocked: screened.blocked };
  }
  const event: NotifyEventRecord = { ...draft, data: screened.data };
  const result = await ctx.db.tx(async () => {
    await insertRow(ctx.db, "notify_events", {
      id: event.id, kind: "event", type: event.type, data: JSON.stringify(event.data), critical: event.critical ? 1 : 0, created_by: by, created_at: event.created_at,
    });
    const out: SendResult = { event_id: event.id, recipients: ids.length, deliveries: 0, digested: 0, webhooks: 0 };
    for (const id of ids) {
      const fanned = await fanOut(ctx, templates, event, recipients.get(id)!, input.channels);
      out.deliveries += fanned.deliveries;
      out.digested += fanned.digested ? 1 : 0;
    }
    out.webhooks = await queueWebhooks(ctx, event, input.webhooks ?? []);
    return out;
  });
  noteAudit({ resourceType: "notify_event", resourceId: event.id, after: { ...result, type: event.type, recipient_ids: ids, critical: event.critical } });
  return result;
}

async function fanOut(ctx: NotifyCtx, templates: Templates, event: NotifyEventRecord, recipient: Recipient, only?: SendInput["channels"]) {
  const prefs = await effectivePreferences(ctx.db, recipient.id, event.type);
  // A sender's channel list switches the others off for this event's deliveries; in-app stays as preferred.
  const eff = only ? { ...prefs, channels: { ...prefs.channels, ...Object.fromEntries(prefs.order.filter((c) => !only.includes(c)).map((c) => [c, "off"])) } } : prefs;
  const plan = planChannels(eff, event.critical);
  const { message } = await screenMessage(ctx, await composeMessage(templates, event, recipient, "inapp"));
  if (plan.inapp && !(await isBlocked(ctx.db, recipient, "inapp", event.type))) {
    await storeInApp(ctx, { userId: recipient.id, eventId: event.id, type: event.type, message, data: event.data, critical: event.critical });
  }
  if (!event.critical && eff.digest) {
    await parkForDigest(ctx, { userId: recipient.id, eventId: event.id, type: event.type, message });
    return { deliveries: 0, digested: true };
  }
  return { deliveries: await planDeliveries(ctx, event, recipient, eff), digested: false };
}
