import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { Card } from "@ops/cards";
import { createApiClient } from "./api-client.ts";
import { createDelivery } from "./delivery.ts";
import type { ChatAdapter, MessageRef } from "./port.ts";

/** The IM worker's alert jobs: a chat group's card (chat.post) and a recipient's notice, each recorded against alert/<id>. */
function setup() {
  const recorded: unknown[] = [];
  const app = new Hono();
  app.post("/api/v1/im/messages", async (c) => (recorded.push(await c.req.json()), c.json({ code: 0, data: {} }, 201)));
  app.post("/api/v1/im/deliveries/:id/result", (c) => c.json({ code: 0, data: {} }));
  const sent: Array<{ to: string; how: "chat" | "user"; card: Card }> = [];
  const adapter = {
    platform: "feishu", commandPrefix: "",
    async sendToChat(chatId: string, card: Card): Promise<MessageRef> {
      sent.push({ to: chatId, how: "chat", card });
      return { platform: "feishu", chatId, messageId: `om_${sent.length}` };
    },
    async sendToUser(userId: string, card: Card): Promise<MessageRef> {
      sent.push({ to: userId, how: "user", card });
      return { platform: "feishu", chatId: "oc_p2p", messageId: `om_${sent.length}` };
    },
  } as unknown as ChatAdapter;
  const handle = createDelivery({
    api: createApiClient({ fetch: (r) => app.fetch(r), botKey: "k" }), adapterOf: () => adapter, logger: { warn() {}, info() {}, error() {}, debug() {} },
  });
  return { handle, recorded, sent };
}

const data = { alertId: "al_9", title: "5xx", level: "P1", status: "firing", source: "api-errors", firedAt: "2026-12-04T01:00:00.000Z" };

describe("alert card jobs on the IM queue", () => {
  it("chat.post sends the card to the group and records it against the job's entity", async () => {
    const { handle, recorded, sent } = setup();
    await handle({ name: "chat.post", attempt: 1, maxAttempts: 3, payload: { platform: "feishu", chatId: "oc_oncall", locale: "en", card: { kind: "alert", data }, entity: { type: "alert", id: "al_9" } } } as never);
    expect(sent.map((s) => [s.how, s.to, s.card.header.title, s.card.locale])).toEqual([["chat", "oc_oncall", "5xx", "en"]]);
    expect(recorded).toEqual([{
      platform: "feishu", chat_id: "oc_oncall", message_id: "om_1", card_kind: "alert", entity_type: "alert", entity_id: "al_9", user_id: null, locale: "en",
    }]);
  });

  it("a recipient's alert notice is recorded against the alert, not its inbox row", async () => {
    const { handle, recorded } = setup();
    await handle({
      name: "notify.card", attempt: 1, maxAttempts: 3,
      payload: { deliveryId: "d1", platform: "feishu", externalUserId: "ou_1", userId: "u1", locale: "zh-CN", card: { kind: "alert", data: { ...data, notificationId: "n1" } } },
    } as never);
    expect(recorded).toEqual([expect.objectContaining({ card_kind: "alert", entity_type: "alert", entity_id: "al_9", user_id: "u1" })]);
  });
});
