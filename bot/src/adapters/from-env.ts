/** Which chat adapters this process runs: each one whose credentials are set (DESIGN.md §5 env names, else the config center's system-im record). */
import type { SupervisorOptions } from "./dingtalk/index.ts";
import type { AdapterDeps, HttpChatAdapter } from "../core/port.ts";
import type { StoredChatCredentials } from "../core/chat-credentials.ts";

export type ChatEnv = {
  SLACK_SIGNING_SECRET?: string; SLACK_BOT_TOKEN?: string; SLACK_APP_TOKEN?: string; SLACK_API_URL?: string;
  FEISHU_APP_ID?: string; FEISHU_APP_SECRET?: string; FEISHU_VERIFICATION_TOKEN?: string; FEISHU_ENCRYPT_KEY?: string;
  FEISHU_DOMAIN?: string; FEISHU_MODE?: "webhook" | "ws";
  DINGTALK_CLIENT_ID?: string; DINGTALK_CLIENT_SECRET?: string; DINGTALK_API_URL?: string; DINGTALK_GATEWAY_URL?: string;
  DINGTALK_MODE?: "stream" | "http";
};

/**
 * Each platform's adapter (and its SDK: @slack/bolt, @larksuiteoapi/node-sdk, dingtalk-stream, ~0.1 s of CPU each) is
 * loaded only when that platform is configured: a process without chat credentials loads none of them.
 */
export async function adaptersFromEnv(env: ChatEnv, deps: AdapterDeps & { dingtalkSupervisor?: Partial<SupervisorOptions> }): Promise<HttpChatAdapter[]> {
  const adapters: HttpChatAdapter[] = [];
  if (env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
    const { createSlackAdapter } = await import("./slack/index.ts");
    adapters.push(createSlackAdapter({
      signingSecret: env.SLACK_SIGNING_SECRET ?? "", botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, apiUrl: env.SLACK_API_URL,
    }, deps));
  }
  if (env.FEISHU_APP_ID && env.FEISHU_APP_SECRET) {
    const { createFeishuAdapter } = await import("./feishu/index.ts");
    adapters.push(createFeishuAdapter({
      appId: env.FEISHU_APP_ID, appSecret: env.FEISHU_APP_SECRET, verificationToken: env.FEISHU_VERIFICATION_TOKEN,
      encryptKey: env.FEISHU_ENCRYPT_KEY, domain: env.FEISHU_DOMAIN, mode: env.FEISHU_MODE,
    }, deps));
  }
  if (env.DINGTALK_CLIENT_ID && env.DINGTALK_CLIENT_SECRET) {
    const { createDingTalkAdapter } = await import("./dingtalk/index.ts");
    adapters.push(createDingTalkAdapter({
      clientId: env.DINGTALK_CLIENT_ID, clientSecret: env.DINGTALK_CLIENT_SECRET, apiUrl: env.DINGTALK_API_URL,
      gatewayUrl: env.DINGTALK_GATEWAY_URL, mode: env.DINGTALK_MODE,
    }, { ...deps, ...(deps.dingtalkSupervisor ? { supervisor: deps.dingtalkSupervisor } : {}) }));
  }
  return adapters;
}

/** The platforms whose credentials env sets (the tests of adaptersFromEnv). */
export function envChatPlatforms(env: ChatEnv): Array<StoredChatCredentials["platform"]> {
  return [
    ...(env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) ? ["slack" as const] : []),
    ...(env.FEISHU_APP_ID && env.FEISHU_APP_SECRET ? ["feishu" as const] : []),
    ...(env.DINGTALK_CLIENT_ID && env.DINGTALK_CLIENT_SECRET ? ["dingtalk" as const] : []),
  ];
}

/**
 * env with a stored record's credentials for each platform env leaves unconfigured. Env wins: a platform whose
 * credentials env sets keeps them whole (no mixing of the two sources). What is not a credential (API base URLs,
 * FEISHU_MODE, DINGTALK_MODE) stays env's either way.
 */
export function withStoredCredentials(env: ChatEnv, stored: readonly StoredChatCredentials[]): { env: ChatEnv; fromStore: Array<StoredChatCredentials["platform"]> } {
  const fromEnv = envChatPlatforms(env);
  const out: ChatEnv = { ...env };
  for (const c of stored) {
    if (fromEnv.includes(c.platform)) continue;
    const v = (x: string | null) => x ?? undefined;
    if (c.platform === "slack") Object.assign(out, { SLACK_BOT_TOKEN: v(c.bot_token), SLACK_SIGNING_SECRET: v(c.signing_secret), SLACK_APP_TOKEN: v(c.app_token) });
    if (c.platform === "feishu") {
      Object.assign(out, { FEISHU_APP_ID: v(c.app_id), FEISHU_APP_SECRET: v(c.app_secret), FEISHU_VERIFICATION_TOKEN: v(c.signing_secret), FEISHU_ENCRYPT_KEY: v(c.encrypt_key) });
    }
    if (c.platform === "dingtalk") Object.assign(out, { DINGTALK_CLIENT_ID: v(c.app_id), DINGTALK_CLIENT_SECRET: v(c.app_secret) });
  }
  const now = envChatPlatforms(out);
  return { env: out, fromStore: now.filter((p) => !fromEnv.includes(p)) };
}
