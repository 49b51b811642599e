import type { Logger } from "../../../platform/logger.ts";
import { callPlatform, codeRefused, type Json, notMember, postJson, str } from "./im-http.ts";
import { ssoUnavailable } from "./sso.errors.ts";
import type { ImIdentity, ImOAuthProvider } from "./sso.types.ts";

export type DingTalkSettings = { clientId: string; clientSecret: string; apiUrl?: string; name: string };

const API = "https://api.dingtalk.com";
const OAPI = "https://oapi.dingtalk.com";
const LOGIN = "https://login.dingtalk.com";

/**
 * DingTalk sign-in: `login.dingtalk.com/oauth2/auth` → authCode → `POST /v1.0/oauth2/userAccessToken`
 * → `GET /v1.0/contact/users/me` (unionId, nick). The bot sees the staff userId, so the unionId is
 * mapped to it with the org API (`topapi/user/getbyunionid`); an account outside the org is refused.
 * With DINGTALK_API_URL (a stand-in) every host is that one URL.
 */
export function createDingTalkOAuth(settings: DingTalkSettings, logger: Logger): ImOAuthProvider {
  const base = settings.apiUrl?.replace(/\/+$/, "");
  const [api, oapi, login] = base ? [base, base, base] : [API, OAPI, LOGIN];

  function authorizationUrl(redirectUri: string, state: string): URL {
    const url = new URL(`${login}/oauth2/auth`);
    url.search = new URLSearchParams({
      redirect_uri: redirectUri, response_type: "code", client_id: settings.clientId, scope: "openid", state, prompt: "consent",
    }).toString();
    return url;
  }

  async function exchange(code: string): Promise<ImIdentity> {
    const token = await callPlatform(settings.name, logger, `${api}/v1.0/oauth2/userAccessToken`, postJson({
      clientId: settings.clientId, clientSecret: settings.clientSecret, code, grantType: "authorization_code",
    }));
    const userToken = str(token.body.accessToken);
    if (token.status !== 200 || !userToken) throw codeRefused(logger, "dingtalk", token.body);
    const me = await callPlatform(settings.name, logger, `${api}/v1.0/contact/users/me`, { headers: { "x-acs-dingtalk-access-token": userToken } });
    const unionId = str(me.body.unionId);
    if (me.status !== 200 || !unionId) {
      logger.warn("dingtalk users/me failed", { status: me.status, answer: JSON.stringify(me.body).slice(0, 300) });
      throw ssoUnavailable(settings.name);
    }
    const userId = await staffIdOf(unionId);
    const nick = str(me.body.nick);
    return {
      subject: userId,
      username: userId,
      email: str(me.body.email),
      emailVerified: false,
      displayName: nick,
      directoryIds: [userId, unionId],
      profile: { name: nick, union_id: unionId, open_id: str(me.body.openId), workspace_id: str(token.body.corpId), via: "sign-in" },
    };
  }

  /** unionId → staff userId through the app's own token (the user token cannot read the org). */
  async function staffIdOf(unionId: string): Promise<string> {
    const app = await callPlatform(settings.name, logger, `${api}/v1.0/oauth2/accessToken`, postJson({ appKey: settings.clientId, appSecret: settings.clientSecret }));
    const appToken = str(app.body.accessToken);
    if (app.status !== 200 || !appToken) {
      logger.warn("dingtalk app token refused", { answer: JSON.stringify(app.body).slice(0, 300) });
      throw ssoUnavailable(settings.name);
    }
    const found = await callPlatform(settings.name, logger, `${oapi}/topapi/user/getbyunionid?access_token=${encodeURIComponent(appToken)}`, postJson({ unionid: unionId }));
    const userId = str((found.body.result as Json | undefined)?.userid);
    if (found.body.errcode === 0 && userId) return userId;
    // 60121: 找不到该用户 — the DingTalk account is not staff of this organisation
    if (found.body.errcode === 60121) throw notMember("dingtalk");
    logger.warn("dingtalk getbyunionid failed", { answer: JSON.stringify(found.body).slice(0, 300) });
    throw ssoUnavailable(settings.name);
  }

  return { id: "dingtalk", kind: "im", name: settings.name, directoryColumn: "dingtalk_id", appId: settings.clientId, authorizationUrl, exchange };
}
