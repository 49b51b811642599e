/**
 * Feishu/Lark adapter (DESIGN.md §3 rule 4, §5): verifies and translates Feishu callbacks into
 * `Inbound`s for the core, and sends / updates the core's Cards with the Lark node SDK.
 *
 *   webhook mode: the composition root mounts `routes` (POST /bot/feishu/events, /bot/feishu/cards)
 *   ws mode:      start() opens the SDK's long connection; the routes stay mounted and verified
 */
import type { Card } from "@ops/cards";
import type { AdapterDeps, HttpChatAdapter, InboundSink, MessageRef, ReplyTarget } from "../../core/port.ts";
import { createDispatcher, type SinkSlot } from "./dispatch.ts";
import { createFeishuClient, feishuOutbound } from "./outbound.ts";
import { feishuRoutes } from "./webhook.ts";
import { type FeishuWs, openFeishuWs } from "./ws.ts";

export { FEISHU_CARDS_PATH, FEISHU_EVENTS_PATH } from "./webhook.ts";

export type FeishuConfig = {
  appId: string;
  appSecret: string;
  verificationToken?: string;
  encryptKey?: string;
  /** API base: FEISHU_DOMAIN (open.feishu.cn by default, open.larksuite.com for Lark, a stand-in in tests) */
  domain?: string;
  mode?: "webhook" | "ws";
};

export function createFeishuAdapter(config: FeishuConfig, deps: AdapterDeps): HttpChatAdapter {
  const mode = config.mode ?? "webhook";
  // With neither secret every callback would be refused: a configuration error, so say it now.
  if (mode === "webhook" && !config.verificationToken && !config.encryptKey)
    throw new Error("feishu: webhook mode needs FEISHU_VERIFICATION_TOKEN or FEISHU_ENCRYPT_KEY");

  const slot: SinkSlot = { current: null };
  const dispatcher = createDispatcher(slot, deps.logger);
  const outbound = feishuOutbound(createFeishuClient(config, deps), deps);
  const verifyConfig = { verificationToken: config.verificationToken, encryptKey: config.encryptKey };
  let ws: FeishuWs | null = null;

  return {
    platform: "feishu",
    commandPrefix: "",
    routes: feishuRoutes({ config: verifyConfig, deps, dispatcher, slot }),

    async start(sink: InboundSink) {
      slot.current = sink;
      if (mode === "ws" && !ws) ws = await openFeishuWs(config, dispatcher, deps);
    },

    async stop() {
      ws?.close();
      ws = null;
      slot.current = null;
    },

    // ws mode: ready while the long connection is open; webhook mode: once started (its route takes callbacks)
    connected: () => (mode === "ws" ? (ws?.connected() ?? false) : slot.current !== null),

    async reply(target: ReplyTarget, card: Card): Promise<MessageRef> {
      const ref = target.handles.thread === "1" && target.handles.message_id
        ? await outbound.replyCard(target.handles.message_id, card, true)
        : await outbound.sendCard("chat_id", target.chatId, card);
      return { ...ref, chatId: ref.chatId || target.chatId };
    },

    // The bot's p2p chat with the user (receive_id_type=open_id): nobody else reads it.
    async replyPrivately(target: ReplyTarget, card: Card): Promise<void> {
      await outbound.sendCard("open_id", target.userId, card);
    },

    sendToUser: (openId: string, card: Card): Promise<MessageRef> => outbound.sendCard("open_id", openId, card),
    // a group the bot is in (oc_…): im/v1/messages with receive_id_type=chat_id, a shared card every member sees update
    sendToChat: (chatId: string, card: Card): Promise<MessageRef> => outbound.sendCard("chat_id", chatId, card),

    // Feishu events carry no sender name: the contact API has it (asked only when binding).
    displayName: (openId: string) => outbound.userName(openId),

    update: (ref: MessageRef, card: Card): Promise<void> => outbound.updateCard(ref.messageId, card),
  };
}
