import type { Db } from "../../../platform/db/db.ts";
import { TransportError, type PushOptions, type PushTransport } from "../../../platform/notify-transports/ports.ts";
import { ChannelFailure, type Channel, type DeliveryInput } from "./channel.ts";

type SubscriptionRow = { id: string; endpoint: string; p256dh: string; auth: string };

export type WebPushChannelDeps = {
  db: Db;
  transport: PushTransport | undefined;
  vapid: () => Promise<PushOptions["vapid"]>;
  ttlSeconds: number;
  now: () => string;
};

/**
 * Web Push to every browser the recipient subscribed. One success is enough; a subscription the
 * push service reports gone (404/410) is deleted. When every browser failed, the attempt is
 * retryable if any failure was.
 */
export function webPushChannel(deps: WebPushChannelDeps): Channel {
  return {
    name: "push",
    async deliver(input) {
      if (!deps.transport) throw new ChannelFailure("notify.channel_unconfigured", false, "push");
      const subs = await deps.db.all<SubscriptionRow>(
        "SELECT id, endpoint, p256dh, auth FROM notify_push_subscriptions WHERE user_id = ? ORDER BY created_at",
        [input.recipient.id],
      );
      if (subs.length === 0) throw new ChannelFailure("notify.no_push_subscription", false);
      const options: PushOptions = {
        ttl: deps.ttlSeconds,
        urgency: input.critical ? "high" : "normal",
        topic: topicOf(input),
        vapid: await deps.vapid(),
      };
      const payload = JSON.stringify({
        title: input.message.title,
        body: input.message.body,
        type: input.type,
        event_id: input.eventId,
        url: typeof input.data.url === "string" ? input.data.url : "/notifications",
        critical: input.critical,
      });
      const failures: TransportError[] = [];
      let delivered = 0;
      for (const sub of subs) {
        try {
          await deps.transport.send({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, options);
          delivered++;
          await deps.db.run("UPDATE notify_push_subscriptions SET last_used_at = ? WHERE id = ?", [deps.now(), sub.id]);
        } catch (error) {
          const failure = error instanceof TransportError ? error : new TransportError(String(error), { retryable: true });
          if (failure.gone) await deps.db.run("DELETE FROM notify_push_subscriptions WHERE id = ?", [sub.id]);
          failures.push(failure);
        }
      }
      if (delivered > 0) return { target: `${delivered}/${subs.length} browsers` };
      const retryable = failures.some((f) => f.retryable);
      throw new ChannelFailure("notify.transport_error", retryable, failures.map((f) => f.message).join("; "));
    },
  };
}

/** A caller-given topic lets a newer push replace an undelivered older one (e.g. the same alert). */
function topicOf(input: DeliveryInput): string | undefined {
  const topic = input.data.push_topic;
  return typeof topic === "string" && /^[\w-]{1,32}$/.test(topic) ? topic : undefined;
}
