/**
 * Plumbing shared by the stand-ins' OAuth sign-in (Feishu, DingTalk, WeCom): single-use codes and
 * user tokens that expire, and the authorize page — the platform's "approve this app" screen
 * reduced to a list of the stand-in's users, each with an approve button. `?user=<id>` approves at
 * once (tests that play the browser with fetch); the page's buttons do the same for a real browser.
 */
import { Sequence } from "./chat-server.ts";

export const OAUTH_CODE_TTL_MS = 5 * 60_000;
export const OAUTH_TOKEN_TTL_MS = 2 * 3600_000;

/** A code is good once within its TTL; a user token until it expires. Both name the user they were issued for. */
export class OAuthGrants {
  private readonly codes = new Map<string, { user: string; expires: number; used: boolean }>();
  private readonly tokens = new Map<string, { user: string; expires: number }>();
  private readonly seq = new Sequence();

  constructor(private readonly prefix: string, private readonly now: () => number = Date.now) {}

  issueCode(user: string): string {
    const code = `${this.prefix}-code-${this.seq.pad(8)}-${Math.random().toString(36).slice(2, 10)}`;
    this.codes.set(code, { user, expires: this.now() + OAUTH_CODE_TTL_MS, used: false });
    return code;
  }

  /** The user a code names, once; undefined for an unknown, expired or replayed code. */
  redeem(code: unknown): string | undefined {
    const c = typeof code === "string" ? this.codes.get(code) : undefined;
    if (!c || c.used || c.expires <= this.now()) return undefined;
    c.used = true;
    return c.user;
  }

  issueToken(user: string): string {
    const token = `${this.prefix}-user-token-${this.seq.pad(8)}-${Math.random().toString(36).slice(2, 10)}`;
    this.tokens.set(token, { user, expires: this.now() + OAUTH_TOKEN_TTL_MS });
    return token;
  }

  userOf(token: string | undefined | null): string | undefined {
    const t = token ? this.tokens.get(token) : undefined;
    return t && t.expires > this.now() ? t.user : undefined;
  }
}

export type AuthorizeRequest = {
  /** the platform's name, shown as the page title */
  platform: string;
  url: URL;
  users: Array<{ id: string; label: string }>;
  /** how the code rides back (`code`; DingTalk sends `authCode` too) */
  codeParams: string[];
  grants: OAuthGrants;
  /** extra parameters the platform adds to the redirect (WeCom: appid) */
  extra?: Record<string, string>;
};

/** GET authorize: `?user=` redirects with code and state; otherwise the approve page. Unknown users → 400. */
export function authorize(req: AuthorizeRequest): Response {
  const redirectUri = req.url.searchParams.get("redirect_uri");
  if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return new Response("redirect_uri is missing or not http(s)", { status: 400 });
  const user = req.url.searchParams.get("user");
  if (user === null) return new Response(page(req), { headers: { "content-type": "text/html; charset=utf-8" } });
  if (!req.users.some((u) => u.id === user)) return new Response(`unknown user ${user}`, { status: 400 });
  const target = new URL(redirectUri);
  const code = req.grants.issueCode(user);
  for (const p of req.codeParams) target.searchParams.set(p, code);
  const state = req.url.searchParams.get("state");
  if (state !== null) target.searchParams.set("state", state);
  for (const [k, v] of Object.entries(req.extra ?? {})) target.searchParams.set(k, v);
  return new Response(null, { status: 302, headers: { location: target.href } });
}

function page(req: AuthorizeRequest): string {
  const items = req.users.map((u) => {
    const approve = new URL(req.url.href);
    approve.searchParams.set("user", u.id);
    return `<li><span>${escapeHtml(u.label)}</span> <a class="approve" data-user="${escapeHtml(u.id)}" href="${escapeHtml(approve.pathname + approve.search)}">授权 / Approve</a></li>`;
  }).join("\n");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(req.platform)} 授权登录（stand-in）</title></head>
<body><h1>${escapeHtml(req.platform)} 授权登录（stand-in）</h1><p>选择一个测试用户并授权 / pick a test user and approve</p><ul>
${items}
</ul></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
