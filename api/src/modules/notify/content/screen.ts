import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { Recipient, RenderedMessage } from "../channels/index.ts";
import { closeAttempt, settleDelivery, type DeliveryRecord } from "../delivery/index.ts";
import type { NotifyCtx } from "../notify.deps.ts";
import type { SendInput } from "../notify.schema.ts";
import { effectivePreferences, planChannels } from "../preferences/index.ts";
import { maskWord } from "./matcher.ts";

export const SENSITIVE_BLOCKED = "notify.sensitive_blocked";
/** The caller's own text fields: what a raw send (no template) shows, and what webhooks and robots pass on. */
const TEXT_FIELDS = ["title", "body", "message"] as const;

/** The words as the send log keeps them: each starred after its first character. */
export const maskedList = (words: readonly string[]) => words.map(maskWord).join(", ");

/** Mask mode: the rendered title and body with every listed word as ***; block mode: the words found (null: none). */
export async function screenMessage(ctx: NotifyCtx, message: RenderedMessage): Promise<{ message: RenderedMessage; blocked: string[] | null }> {
  const list = await ctx.content?.current();
  if (!list || list.words.length === 0) return { message, blocked: null };
  if (list.mode === "mask") return { message: { title: list.matcher.mask(message.title), body: list.matcher.mask(message.body) }, blocked: null };
  const found = [...new Set([...list.matcher.find(message.title), ...list.matcher.find(message.body)])];
  return { message, blocked: found.length ? found : null };
}

/**
 * Before a send is stored: mask mode masks the caller's text fields (so webhooks, robots and chat cards carry the
 * masked text too); block mode looks for words in them and in each recipient's rendered message (`render`).
 */
export async function screenSend(
  ctx: NotifyCtx, data: Record<string, unknown>, recipients: Recipient[], render: (r: Recipient) => Promise<RenderedMessage>,
): Promise<{ data: Record<string, unknown>; blocked: string[] | null }> {
  const list = await ctx.content?.current();
  if (!list || list.words.length === 0) return { data, blocked: null };
  if (list.mode === "mask") {
    const masked = { ...data };
    for (const k of TEXT_FIELDS) if (typeof masked[k] === "string") masked[k] = list.matcher.mask(masked[k] as string);
    return { data: masked, blocked: null };
  }
  const found = new Set<string>();
  for (const k of TEXT_FIELDS) if (typeof data[k] === "string") for (const w of list.matcher.find(data[k] as string)) found.add(w);
  for (const r of recipients) {
    const message = await render(r);
    for (const w of [...list.matcher.find(message.title), ...list.matcher.find(message.body)]) found.add(w);
  }
  return { data, blocked: found.size ? [...found] : null };
}

/**
 * A refused send, kept so the send log explains the silence: the event (its text fields masked), and per recipient
 * one `blocked` delivery and log row for every channel it would have gone out on, with the masked words as detail.
 * Nothing reaches an inbox or a channel.
 */
export async function recordBlockedSend(
  ctx: NotifyCtx,
  event: { id: string; type: string; data: Record<string, unknown>; critical: boolean; created_at: string },
  recipients: Recipient[], words: string[], only: SendInput["channels"], by: string | null,
): Promise<number> {
  const list = await ctx.content!.current();
  const data = { ...event.data };
  for (const k of TEXT_FIELDS) if (typeof data[k] === "string") data[k] = list.matcher.mask(data[k] as string);
  const detail = maskedList(words);
  let rows = 0;
  await ctx.db.tx(async () => {
    await insertRow(ctx.db, "notify_events", {
      id: event.id, kind: "event", type: event.type, data: JSON.stringify(data), critical: event.critical ? 1 : 0, created_by: by, created_at: event.created_at,
    });
    for (const r of recipients) {
      const prefs = await effectivePreferences(ctx.db, r.id, event.type);
      const channels = planChannels(prefs, event.critical).outbound.filter((c) => !only || only.includes(c));
      for (const channel of channels) {
        const deliveryId = newId();
        await insertRow(ctx.db, "notify_deliveries", {
          id: deliveryId, event_id: event.id, user_id: r.id, webhook_id: null, type: event.type, channel, status: "blocked", attempts: 0,
          last_error: SENSITIVE_BLOCKED, failover_from: null, created_at: event.created_at, updated_at: event.created_at,
        });
        await insertRow(ctx.db, "notify_send_log", {
          id: newId(), delivery_id: deliveryId, event_id: event.id, user_id: r.id, type: event.type, channel, attempt: 0, status: "blocked",
          target: null, error: SENSITIVE_BLOCKED, detail, created_at: event.created_at, finished_at: event.created_at,
        });
        rows++;
      }
    }
  });
  ctx.logger.warn("notification blocked by the sensitive-word filter", { event: event.id, type: event.type, words: detail });
  return rows;
}

/** A delivery whose channel's rendering holds a listed word (block mode): its open attempt and itself end `blocked`. */
export async function blockDelivery(ctx: NotifyCtx, d: DeliveryRecord, logId: string, attempt: number, words: string[]) {
  const now = iso(ctx.clock.now());
  await ctx.db.tx(async () => {
    await closeAttempt(ctx.db, logId, { status: "blocked", error: SENSITIVE_BLOCKED, now });
    await ctx.db.run("UPDATE notify_send_log SET detail = ? WHERE id = ?", [maskedList(words), logId]);
    await settleDelivery(ctx, d.id, { status: "blocked", attempts: attempt, error: SENSITIVE_BLOCKED });
  });
  ctx.events.emit({ kind: "attempt", deliveryId: d.id, channel: d.channel, status: "blocked", userId: d.user_id, error: SENSITIVE_BLOCKED });
  return { blocked: SENSITIVE_BLOCKED };
}
