/**
 * Local stand-ins for the chat platforms, for adapter and end-to-end tests (DESIGN.md §6).
 * Each `start…Fake()` listens on 127.0.0.1 (port 0 by default), keeps what it received in
 * awaitable journals and sends signed inbound callbacks the way the platform does.
 * Nothing in product code imports this folder.
 */
export { type HttpFake, type InboundResult, Journal } from "./chat-server.ts";
export * from "./signing/dingtalk.ts";
export * from "./signing/feishu.ts";
export * from "./signing/slack.ts";
export {
  type BlockActionInput,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_TEXT,
  type SlackApiCall,
  type SlackEphemeral,
  type SlackFake,
  type SlackFakeOptions,
  type SlackInjectedFailure,
  type SlackMessage,
  type SlackEnvelope,
  type SlackEnvelopeType,
  type SlackResponsePost,
  type SlackSendOptions,
  type SlackSocketAck,
  type SlackSocketConnection,
  type SlackSocketDriver,
  type SlackUser,
  type SlashCommandInput,
  startSlackFake,
  type ViewSubmissionInput,
} from "./slack.ts";
export {
  type CardActionInput,
  FEISHU_CARD_TOKEN_TTL_MS,
  FEISHU_CARD_TOKEN_USES,
  FEISHU_MAX_CARD_BYTES,
  type FeishuApiCall,
  type FeishuCallbackRecord,
  type FeishuCardToken,
  type FeishuFake,
  type FeishuFakeOptions,
  type FeishuMessage,
  type FeishuSendOptions,
  type FeishuUser,
  type LarkWsAck,
  type LarkWsConnection,
  type LarkWsPush,
  type MessageEventInput,
  startFeishuFake,
} from "./feishu.ts";
export {
  type CardCallbackInput,
  DINGTALK_SESSION_TTL_MS,
  DINGTALK_TICKET_TTL_MS,
  type DingTalkCard,
  type DingTalkFake,
  type DingTalkFakeOptions,
  type DingTalkHttpCall,
  type DingTalkHttpSendOptions,
  type DingTalkSession,
  type DingTalkUser,
  type DingTalkRobotMessage,
  type DingTalkWebhookPost,
  openFakeGateway,
  type PushResult,
  type RobotMessageInput,
  startDingTalkFake,
  type StreamAck,
  type StreamConnection,
  type StreamFrame,
  TOPIC_CARD,
  TOPIC_ROBOT,
} from "./dingtalk.ts";
export { startWeComFake, type WeComCall, type WeComFake, type WeComFakeOptions, type WeComUser } from "./wecom.ts";
