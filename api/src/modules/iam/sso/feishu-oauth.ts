import type { Logger } from "../../../platform/logger.ts";
import { callPlatform, codeRefused, type Json, postJson, str } from "./im-http.ts";
import { ssoUnavailable } from "./sso.errors.ts";
import type { ImIdentity, ImOAuthProvider } from "./sso.types.ts";

export type FeishuSettings = { appId: string; appSecret: string; domain: string; name: string };

const DEFAULT_DOMAIN = "https://open.feishu.cn";

/**
 * Feishu / Lark web sign-in: `accounts.feishu.cn/open-apis/authen/v1/authorize` → code →
 * `POST /open-apis/authen/v2/oauth/token` → user_access_token → `GET /open-apis/authen/v1/user_info`.
 * The subject is the open_id of this app, the id the bot receives in `sender_id.open_id`.
 */
export function createFeishuOAuth(settings: FeishuSettings, logger: Logger): ImOAuthProvider {
  const api = (settings.domain || DEFAULT_DOMAIN).replace(/\/+$/, "");

  function authorizationUrl(redirectUri: string, state: string): URL {
    const url = new URL(`${accountsBase(api)}/open-apis/authen/v1/authorize`);
    url.search = new URLSearchParams({ client_id: settings.appId, response_type: "code", redirect_uri: redirectUri, state }).toString();
    return url;
  }

  async function exchange(code: string, redirectUri: string | null): Promise<ImIdentity> {
    const body: Json = { grant_type: "authorization_code", client_id: settings.appId, client_secret: settings.appSecret, code };
    if (redirectUri) body.redirect_uri = redirectUri;
    const token = await callPlatform(settings.name, logger, `${api}/open-apis/authen/v2/oauth/token`, postJson(body));
    const accessToken = str(token.body.access_token);
    if (token.body.code !== 0 || !accessToken) throw codeRefused(logger, "feishu", token.body);
    const info = await callPlatform(settings.name, logger, `${api}/open-apis/authen/v1/user_info`, { headers: { authorization: `Bearer ${accessToken}` } });
    const data = info.body.data as Json | undefined;
    const openId = str(data?.open_id);
    if (info.body.code !== 0 || !data || !openId) {
      logger.warn("feishu user_info failed", { answer: JSON.stringify(info.body).slice(0, 300) });
      throw ssoUnavailable(settings.name);
    }
    return identityOf(openId, data);
  }

  return { id: "feishu", kind: "im", name: settings.name, directoryColumn: "feishu_id", appId: settings.appId, authorizationUrl, exchange };
}

/** open.feishu.cn → accounts.feishu.cn, open.larksuite.com → accounts.larksuite.com; a stand-in serves both itself. */
function accountsBase(api: string): string {
  const url = new URL(api);
  if (/^open\.(feishu\.cn|larksuite\.com)$/.test(url.hostname)) url.hostname = url.hostname.replace(/^open\./, "accounts.");
  return url.origin;
}

function identityOf(openId: string, d: Json): ImIdentity {
  const userId = str(d.user_id);
  const unionId = str(d.union_id);
  const email = str(d.enterprise_email) ?? str(d.email);
  const name = str(d.name);
  return {
    subject: openId,
    username: userId,
    email,
    // an address the user typed into Feishu proves nothing to OPS: matching goes through ids only
    emailVerified: false,
    displayName: name,
    directoryIds: [openId, unionId, userId].filter((x): x is string => Boolean(x)),
    profile: { name, workspace_id: str(d.tenant_key), union_id: unionId, user_id: userId, via: "sign-in" },
  };
}
