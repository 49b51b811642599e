import { WEBHOOK_LIMITS } from "@ops/shared/contracts/webhooks.ts";
import { addMs, iso } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import { TransportError } from "../../platform/notify-transports/ports.ts";
import { errorMessage, type ReservedJob } from "../../platform/queue/index.ts";
import { afterCommit, enqueueAttempt, loadDelivery, type AttemptJob } from "./delivery.store.ts";
import { webhookSignature } from "./signature.ts";
import type { SubscriptionRow } from "./subscriptions.ts";
import type { WebhooksCtx } from "./webhooks.deps.ts";

type Outcome = { code: number | null; body: string | null; error: string | null; retryable: boolean };

async function post(ctx: WebhooksCtx, url: string, headers: Record<string, string>, body: string): Promise<Outcome> {
  try {
    const r = await ctx.transport.post(url, { headers, body, timeoutMs: ctx.options.timeoutMs, responseBytes: WEBHOOK_LIMITS.responseBytes });
    const ok = r.status >= 200 && r.status < 300;
    // A redirect is not followed (it could point inside the network): it fails like any non-2xx.
    return { code: r.status, body: r.body ?? null, error: ok ? null : `HTTP ${r.status}`, retryable: true };
  } catch (error) {
    return { code: null, body: null, error: errorMessage(error), retryable: !(error instanceof TransportError) || error.retryable };
  }
}

/**
 * One attempt of one delivery (a queue job): POST the event's stored body, signed, then record the
 * attempt and the delivery's state in one transaction, queueing the next attempt after its delay.
 * A job for an attempt already recorded (a duplicate, a finished delivery) does nothing.
 */
export async function runAttempt(ctx: WebhooksCtx, job: ReservedJob<AttemptJob>): Promise<unknown> {
  const { deliveryId, attempt } = job.payload;
  const d = await loadDelivery(ctx, deliveryId);
  if (!d || d.status === "delivered" || d.status === "failed" || Number(d.attempts) + 1 !== attempt) return { skipped: true };
  const sub = await ctx.db.get<SubscriptionRow>("SELECT * FROM webhook_subscriptions WHERE id = ?", [d.subscription_id]);
  const event = await ctx.db.get<{ body: string }>("SELECT body FROM webhook_events WHERE id = ?", [d.event_id]);
  if (!sub || !event) return { skipped: true };
  if (Number(sub.active) !== 1) {
    await ctx.db.run("UPDATE webhook_deliveries SET status = 'failed', last_error = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?", ["webhooks.inactive", iso(ctx.clock.now()), d.id]);
    ctx.events.emit({ kind: "attempt", deliveryId, attempt, status: "failed", responseCode: null });
    return { inactive: true };
  }
  const startedAt = ctx.clock.now();
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "OPS-Webhooks/1",
    "x-ops-event": d.event_type,
    "x-ops-delivery": d.id,
    "x-ops-timestamp": String(timestamp),
    "x-ops-signature": webhookSignature(await ctx.secrets.decrypt(sub.secret), timestamp, event.body),
  };
  const t0 = performance.now();
  const out = await post(ctx, sub.url, headers, event.body);
  const duration = Math.round(performance.now() - t0);
  const delivered = out.error === null;
  const delays = ctx.options.retryDelaysMs;
  const status = delivered ? "delivered" : !out.retryable || attempt > delays.length ? "failed" : "retrying";
  const now = ctx.clock.now();
  const next = status === "retrying" ? addMs(now, delays[attempt - 1]!) : null;
  const recorded = await ctx.db.tx(async () => {
    const logged = await ctx.db.get(
      `INSERT INTO webhook_attempts (id, delivery_id, attempt, status, request_headers, started_at, duration_ms, response_code, response_body, error)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (delivery_id, attempt) DO NOTHING RETURNING id`,
      [newId(), d.id, attempt, delivered ? "delivered" : "failed", JSON.stringify(headers), iso(startedAt), duration, out.code, out.body, out.error],
    );
    if (!logged) return false;
    await ctx.db.run(
      "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, response_code = ?, last_error = ?, delivered_at = ?, updated_at = ? WHERE id = ?",
      [status, attempt, next ? iso(next) : null, out.code, out.error, delivered ? iso(now) : null, iso(now), d.id],
    );
    if (next) await enqueueAttempt(ctx, d.id, attempt + 1, next);
    afterCommit(ctx, () => ctx.events.emit({ kind: "attempt", deliveryId, attempt, status, responseCode: out.code }));
    return true;
  });
  return { status: recorded ? status : "superseded", code: out.code };
}
