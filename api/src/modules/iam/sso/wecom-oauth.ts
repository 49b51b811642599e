import type { Logger } from "../../../platform/logger.ts";
import { callPlatform, codeRefused, notMember, str } from "./im-http.ts";
import { ssoUnavailable } from "./sso.errors.ts";
import type { ImIdentity, ImOAuthProvider } from "./sso.types.ts";

export type WeComSettings = { corpId: string; agentId: string; secret: string; apiUrl?: string; name: string };

const API = "https://qyapi.weixin.qq.com";
const LOGIN = "https://login.work.weixin.qq.com";
/** refresh the app token a little before WeCom's expiry */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * WeCom (企业微信) QR sign-in: `login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp` → code →
 * `GET /cgi-bin/gettoken` (app token, cached) → `GET /cgi-bin/auth/getuserinfo` (userid; a
 * non-member gets an openid only and is refused) → `GET /cgi-bin/user/get` for the name (optional).
 */
export function createWeComOAuth(settings: WeComSettings, logger: Logger, now: () => number = Date.now): ImOAuthProvider {
  const base = settings.apiUrl?.replace(/\/+$/, "");
  const [api, login] = base ? [base, base] : [API, LOGIN];
  let cached: { token: string; until: number } | null = null;

  function authorizationUrl(redirectUri: string, state: string): URL {
    const url = new URL(`${login}/wwlogin/sso/login`);
    url.search = new URLSearchParams({ login_type: "CorpApp", appid: settings.corpId, agentid: settings.agentId, redirect_uri: redirectUri, state }).toString();
    return url;
  }

  async function appToken(): Promise<string> {
    if (cached && cached.until > now()) return cached.token;
    const query = new URLSearchParams({ corpid: settings.corpId, corpsecret: settings.secret });
    const r = await callPlatform(settings.name, logger, `${api}/cgi-bin/gettoken?${query}`);
    const token = str(r.body.access_token);
    if (r.body.errcode !== 0 || !token) {
      logger.warn("wecom gettoken refused", { errcode: r.body.errcode, errmsg: r.body.errmsg });
      throw ssoUnavailable(settings.name);
    }
    cached = { token, until: now() + Number(r.body.expires_in ?? 7200) * 1000 - TOKEN_MARGIN_MS };
    return token;
  }

  async function exchange(code: string): Promise<ImIdentity> {
    const token = await appToken();
    const r = await callPlatform(settings.name, logger, `${api}/cgi-bin/auth/getuserinfo?${new URLSearchParams({ access_token: token, code })}`);
    if (r.body.errcode !== 0) throw codeRefused(logger, "wecom", r.body);
    const userId = str(r.body.userid);
    if (!userId) throw notMember("wecom");
    const name = await nameOf(token, userId);
    return {
      subject: userId, username: userId, email: null, emailVerified: false, displayName: name,
      directoryIds: [userId], profile: { name, workspace_id: settings.corpId, via: "sign-in" },
    };
  }

  /** Only for the linked identity's label: a refusal (newer apps may not read names) is not an error. */
  async function nameOf(token: string, userId: string): Promise<string | null> {
    const r = await callPlatform(settings.name, logger, `${api}/cgi-bin/user/get?${new URLSearchParams({ access_token: token, userid: userId })}`).catch(() => null);
    return r?.body.errcode === 0 ? str(r.body.name) : null;
  }

  return { id: "wecom", kind: "im", name: settings.name, directoryColumn: "wechat_work_id", authorizationUrl, exchange };
}
