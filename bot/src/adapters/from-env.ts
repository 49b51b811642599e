/** Which chat adapters this process runs: each one whose credentials are set (DESIGN.md §5 env names). */
import { createDingTalkAdapter, type SupervisorOptions } from "./dingtalk/index.ts";
import { createFeishuAdapter } from "./feishu/index.ts";
import { createSlackAdapter } from "./slack/index.ts";
import type { AdapterDeps, HttpChatAdapter } from "../core/port.ts";

export type ChatEnv = {
  SLACK_SIGNING_SECRET?: string; SLACK_BOT_TOKEN?: string; SLACK_APP_TOKEN?: string; SLACK_API_URL?: string;
  FEISHU_APP_ID?: string; FEISHU_APP_SECRET?: string; FEISHU_VERIFICATION_TOKEN?: string; FEISHU_ENCRYPT_KEY?: string;
  FEISHU_DOMAIN?: string; FEISHU_MODE?: "webhook" | "ws";
  DINGTALK_CLIENT_ID?: string; DINGTALK_CLIENT_SECRET?: string; DINGTALK_API_URL?: string; DINGTALK_GATEWAY_URL?: string;
  DINGTALK_MODE?: "stream" | "http";
};

export function adaptersFromEnv(env: ChatEnv, deps: AdapterDeps & { dingtalkSupervisor?: Partial<SupervisorOptions> }): HttpChatAdapter[] {
  const adapters: HttpChatAdapter[] = [];
  if (env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
    adapters.push(createSlackAdapter({
      signingSecret: env.SLACK_SIGNING_SECRET ?? "", botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, apiUrl: env.SLACK_API_URL,
    }, deps));
  }
  if (env.FEISHU_APP_ID && env.FEISHU_APP_SECRET) {
    adapters.push(createFeishuAdapter({
      appId: env.FEISHU_APP_ID, appSecret: env.FEISHU_APP_SECRET, verificationToken: env.FEISHU_VERIFICATION_TOKEN,
      encryptKey: env.FEISHU_ENCRYPT_KEY, domain: env.FEISHU_DOMAIN, mode: env.FEISHU_MODE,
    }, deps));
  }
  if (env.DINGTALK_CLIENT_ID && env.DINGTALK_CLIENT_SECRET) {
    adapters.push(createDingTalkAdapter({
      clientId: env.DINGTALK_CLIENT_ID, clientSecret: env.DINGTALK_CLIENT_SECRET, apiUrl: env.DINGTALK_API_URL,
      gatewayUrl: env.DINGTALK_GATEWAY_URL, mode: env.DINGTALK_MODE,
    }, { ...deps, ...(deps.dingtalkSupervisor ? { supervisor: deps.dingtalkSupervisor } : {}) }));
  }
  return adapters;
}
