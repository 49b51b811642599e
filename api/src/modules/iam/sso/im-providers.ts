import type { Env } from "../../../env.ts";
import type { Logger } from "../../../platform/logger.ts";
import { createDingTalkOAuth } from "./dingtalk-oauth.ts";
import { createFeishuOAuth } from "./feishu-oauth.ts";
import type { ImOAuthProvider } from "./sso.types.ts";
import { createWeComOAuth } from "./wecom-oauth.ts";

/**
 * Feishu, DingTalk and WeCom sign-in, each when switched on (OPS_SSO_*) and its credentials are set.
 * Feishu and DingTalk use the chat app's credentials: an open_id is per app, so only the bot's own
 * app yields the id the bot later sees. The names are the platforms' own (the login page shows them).
 */
export function imProviders(env: Env, logger: Logger): ImOAuthProvider[] {
  const out: ImOAuthProvider[] = [];
  if (env.OPS_SSO_FEISHU && env.FEISHU_APP_ID && env.FEISHU_APP_SECRET) {
    out.push(createFeishuOAuth({ appId: env.FEISHU_APP_ID, appSecret: env.FEISHU_APP_SECRET, domain: env.FEISHU_DOMAIN ?? "", name: "飞书" }, logger));
  }
  if (env.OPS_SSO_DINGTALK && env.DINGTALK_CLIENT_ID && env.DINGTALK_CLIENT_SECRET) {
    out.push(createDingTalkOAuth({ clientId: env.DINGTALK_CLIENT_ID, clientSecret: env.DINGTALK_CLIENT_SECRET, apiUrl: env.DINGTALK_API_URL, name: "钉钉" }, logger));
  }
  if (env.OPS_SSO_WECOM && env.WECOM_CORP_ID && env.WECOM_AGENT_ID && env.WECOM_SECRET) {
    out.push(createWeComOAuth({ corpId: env.WECOM_CORP_ID, agentId: env.WECOM_AGENT_ID, secret: env.WECOM_SECRET, apiUrl: env.WECOM_API_URL, name: "企业微信" }, logger));
  }
  return out;
}
