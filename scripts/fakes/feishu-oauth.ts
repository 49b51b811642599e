/**
 * The Feishu stand-in's web sign-in (网页应用登录): the authorize page (`/open-apis/authen/v1/authorize`,
 * served for both open.feishu.cn and accounts.feishu.cn), `POST /open-apis/authen/v2/oauth/token`
 * (OAuth 2 shape: top-level access_token, errors with `error` / `error_description`) and
 * `GET /open-apis/authen/v1/user_info` (`{code, msg, data}`). Codes are single-use; a code for the
 * in-app JS SDK (`tt.requestAccess`) comes from `issueCode`.
 */
import { bearer, readBody } from "./chat-server.ts";
import type { FeishuTenant, FeishuUser } from "./feishu-tenant.ts";
import { authorize, OAuthGrants } from "./oauth-page.ts";

export class FeishuOAuth {
  readonly grants: OAuthGrants;

  constructor(private readonly tenant: FeishuTenant) {
    this.grants = new OAuthGrants("feishu", tenant.now);
  }

  /** An authorization code for this user (what tt.requestAccess hands the page inside Feishu). */
  issueCode(openId: string): string {
    if (!this.tenant.users.has(openId)) throw new Error(`feishu stand-in: no user ${openId}`);
    return this.grants.issueCode(openId);
  }

  /** The answer for an OAuth path, or undefined for the rest of the open API. */
  async handle(req: Request, u: URL): Promise<Response | undefined> {
    if (req.method === "GET" && u.pathname === "/open-apis/authen/v1/authorize") {
      const appId = u.searchParams.get("client_id") ?? u.searchParams.get("app_id");
      if (appId !== this.tenant.appId) return new Response(`unknown app ${appId}`, { status: 400 });
      const users = [...this.tenant.users.values()].map((x) => ({ id: x.open_id, label: `${x.name} (${x.user_id})` }));
      return authorize({ platform: "飞书", url: u, users, codeParams: ["code"], grants: this.grants });
    }
    if (req.method === "POST" && u.pathname === "/open-apis/authen/v2/oauth/token") return this.token((await readBody(req)).fields);
    if (req.method === "GET" && u.pathname === "/open-apis/authen/v1/user_info") return this.userInfo(bearer(req));
    return undefined;
  }

  private token(b: Record<string, unknown>): Response {
    const fail = (code: number, error: string, description: string, status = 400) => Response.json({ code, error, error_description: description }, { status });
    if (b.grant_type !== "authorization_code") return fail(20001, "unsupported_grant_type", "grant_type must be authorization_code");
    if (b.client_id !== this.tenant.appId || b.client_secret !== this.tenant.appSecret) return fail(20002, "invalid_client", "The client_id or client_secret is invalid.", 401);
    const user = this.grants.redeem(b.code);
    if (!user) return fail(20003, "invalid_grant", "The authorization code is not found, expired or already used.");
    const access_token = this.grants.issueToken(user);
    return Response.json({ code: 0, access_token, expires_in: 7200, refresh_token: `${access_token}-refresh`, refresh_token_expires_in: 604800, token_type: "Bearer", scope: "" });
  }

  private userInfo(token: string | undefined): Response {
    const openId = this.grants.userOf(token);
    const u: FeishuUser | undefined = openId ? this.tenant.users.get(openId) : undefined;
    if (!u) return Response.json({ code: 99991668, msg: "Invalid access token for authorization. Please make a request with token attached." }, { status: 400 });
    const data = {
      name: u.name, en_name: u.name, avatar_url: "", open_id: u.open_id, union_id: u.union_id, user_id: u.user_id,
      email: `${u.user_id}@example.com`, enterprise_email: `${u.user_id}@example.com`, mobile: "", tenant_key: this.tenant.tenantKey, employee_no: "",
    };
    return Response.json({ code: 0, msg: "success", data });
  }
}
