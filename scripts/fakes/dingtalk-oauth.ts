/**
 * The DingTalk stand-in's sign-in (第三方网站登录 / 应用内免登): the authorize page (login.dingtalk.com
 * `/oauth2/auth`, redirecting with `authCode` and `code`), `POST /v1.0/oauth2/userAccessToken`,
 * `GET /v1.0/contact/users/me` (x-acs-dingtalk-access-token) and the org's
 * `POST /topapi/user/getbyunionid` (unionId → staff userId; 60121 for someone outside the org).
 * A user added with `addOutsider` can approve but is no staff. Codes are single-use.
 */
import { readBody } from "./chat-server.ts";
import type { DingTalkOrg, DingTalkUser } from "./dingtalk-org.ts";
import { authorize, OAuthGrants } from "./oauth-page.ts";

const apiError = (status: number, code: string, message: string) => Response.json({ code, message, requestid: "fake-request" }, { status });

export class DingTalkOAuth {
  readonly grants: OAuthGrants;
  /** DingTalk accounts that can sign in to DingTalk but are not staff of this org (by unionId). */
  readonly outsiders = new Map<string, DingTalkUser>();

  constructor(private readonly org: DingTalkOrg) {
    this.grants = new OAuthGrants("dingtalk", org.now);
  }

  /** An authCode for this user (what dd.requestAuthCode hands the page inside DingTalk); by userId or an outsider's unionId. */
  issueCode(userIdOrUnionId: string): string {
    const u = this.org.users.get(userIdOrUnionId) ?? this.outsiders.get(userIdOrUnionId);
    if (!u) throw new Error(`dingtalk stand-in: no user ${userIdOrUnionId}`);
    return this.grants.issueCode(u.unionId);
  }

  addOutsider(u: DingTalkUser): void {
    this.outsiders.set(u.unionId, u);
  }

  async handle(req: Request, u: URL): Promise<Response | undefined> {
    if (req.method === "GET" && u.pathname === "/oauth2/auth") {
      if (u.searchParams.get("client_id") !== this.org.clientId) return new Response("unknown client_id", { status: 400 });
      if (u.searchParams.get("response_type") !== "code") return new Response("response_type must be code", { status: 400 });
      const users = [...this.org.users.values(), ...this.outsiders.values()].map((x) => ({ id: x.unionId, label: `${x.nick} (${x.userId})` }));
      return authorize({ platform: "钉钉", url: u, users, codeParams: ["authCode", "code"], grants: this.grants });
    }
    if (req.method === "POST" && u.pathname === "/v1.0/oauth2/userAccessToken") return this.userToken((await readBody(req)).fields);
    if (req.method === "GET" && u.pathname === "/v1.0/contact/users/me") return this.me(req.headers.get("x-acs-dingtalk-access-token"));
    if (req.method === "POST" && u.pathname === "/topapi/user/getbyunionid") return this.byUnionId(u.searchParams.get("access_token"), (await readBody(req)).fields);
    return undefined;
  }

  private byUnion(unionId: string | undefined): DingTalkUser | undefined {
    if (!unionId) return undefined;
    return [...this.org.users.values()].find((x) => x.unionId === unionId) ?? this.outsiders.get(unionId);
  }

  private userToken(b: Record<string, unknown>): Response {
    if (b.clientId !== this.org.clientId || b.clientSecret !== this.org.clientSecret) return apiError(400, "invalidClientSecret", "无效的clientSecret");
    if (b.grantType !== "authorization_code") return apiError(400, "invalidParameter", "grantType is invalid");
    const unionId = this.grants.redeem(b.code);
    if (!unionId) return apiError(400, "invalidAuthCode", "不合法的临时授权码");
    const accessToken = this.grants.issueToken(unionId);
    return Response.json({ accessToken, refreshToken: `${accessToken}-refresh`, expireIn: 7200, corpId: this.org.corpId });
  }

  private me(token: string | null): Response {
    const user = this.byUnion(this.grants.userOf(token));
    if (!user) return apiError(401, "InvalidAuthentication", "不合法的access_token");
    return Response.json({ nick: user.nick, avatarUrl: "", mobile: "", openId: `fake-open-${user.unionId}`, unionId: user.unionId, email: "", stateCode: "86" });
  }

  private byUnionId(token: string | null, b: Record<string, unknown>): Response {
    const expiry = token ? this.org.tokens.get(token) : undefined;
    if (expiry === undefined || expiry <= this.org.now()) return Response.json({ errcode: 40014, errmsg: "不合法的access_token" });
    const staff = [...this.org.users.values()].find((x) => x.unionId === b.unionid);
    if (!staff) return Response.json({ errcode: 60121, errmsg: "找不到该用户", request_id: "fake-request" });
    return Response.json({ errcode: 0, errmsg: "ok", result: { contact_type: 0, userid: staff.userId }, request_id: "fake-request" });
  }
}
