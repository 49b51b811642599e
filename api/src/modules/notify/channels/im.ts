import type { Db } from "../../../platform/db/db.ts";
import type { QueueDriver } from "../../../platform/queue/index.ts";
import { ChannelFailure, type Channel } from "./channel.ts";

export const IM_PROVIDERS = ["slack", "feishu", "dingtalk"] as const;

/** What the bot's worker reads from the IM queue: who, on which platform, which card with what data. */
export type ImDeliveryJob = {
  deliveryId: string;
  eventId: string;
  userId: string;
  platform: (typeof IM_PROVIDERS)[number];
  externalUserId: string;
  locale: string;
  card: { kind: string; data: Record<string, unknown> };
};

/** Types whose card is not a plain notification even when the sender names no `data.card` (the bot renders these kinds). */
const CARD_OF_TYPE: Record<string, string> = {
  "config.released": "config-diff", "config.rolled_back": "config-diff", "config.change_requested": "config-diff", "config.change_decided": "config-diff",
};

export type ImChannelDeps = { db: Db; queue: QueueDriver; queueName: string; attempts: number; backoffMs: number };

/**
 * IM delivery is the bot's job: this channel only hands a card job to the IM queue. A user with
 * no bound Slack/Feishu/DingTalk identity cannot be reached here, which fails over at once.
 */
export function imChannel(deps: ImChannelDeps): Channel {
  return {
    name: "im",
    async deliver(input) {
      const binding = await deps.db.get<{ provider: ImDeliveryJob["platform"]; subject: string }>(
        `SELECT provider, subject FROM user_identities WHERE user_id = ? AND provider IN (${IM_PROVIDERS.map(() => "?").join(", ")})
          ORDER BY created_at LIMIT 1`,
        [input.recipient.id, ...IM_PROVIDERS],
      );
      if (!binding) throw new ChannelFailure("notify.no_im_binding", false);
      const kind = typeof input.data.card === "string" ? input.data.card : input.kind === "digest" ? "notify-digest" : (CARD_OF_TYPE[input.type] ?? "notification");
      // The inbox row (absent when in-app is off) lets the card offer "mark read" and be updated when read.
      const inbox = await deps.db.get<{ id: string; created_at: string }>(
        "SELECT id, created_at FROM notifications WHERE user_id = ? AND event_id = ?",
        [input.recipient.id, input.eventId],
      );
      const job: ImDeliveryJob = {
        deliveryId: input.deliveryId,
        eventId: input.eventId,
        userId: input.recipient.id,
        platform: binding.provider,
        externalUserId: binding.subject,
        locale: input.recipient.locale,
        card: {
          kind,
          data: {
            ...input.data, type: input.type, title: input.message.title, body: input.message.body, critical: input.critical,
            ...(inbox ? { notificationId: inbox.id, createdAt: inbox.created_at } : {}),
          },
        },
      };
      await deps.queue.enqueue(deps.queueName, "notify.card", job, {
        idempotencyKey: `im:${input.deliveryId}`,
        attempts: deps.attempts,
        backoff: { type: "exponential", delayMs: deps.backoffMs },
      });
      return { target: `${binding.provider}:${binding.subject}` };
    },
  };
}
