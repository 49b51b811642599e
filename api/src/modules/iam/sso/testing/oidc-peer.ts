import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Provider, { type ProviderContext } from "oidc-provider";

export type IdpAccount = { sub: string; preferred_username?: string; email?: string; email_verified?: boolean; name?: string };

export type OidcPeer = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, IdpAccount>;
  /** the account the next interaction signs in */
  signInAs(sub: string): void;
  /**
   * Plays the browser at the IdP: follows redirects from the authorization URL (with its own
   * cookie jar) until the IdP sends the browser back to `redirectUri`, and returns that URL.
   */
  authorize(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
};

const CLIENT_ID = "ops-test";
const CLIENT_SECRET = "ops-test-secret-0123456789";

/**
 * A real OpenID Provider (oidc-provider) on 127.0.0.1. Login is a minimal interaction that
 * signs in the chosen account at once; consent is skipped by granting the requested scopes.
 */
export async function startOidcPeer(redirectUri: string, accounts: IdpAccount[]): Promise<OidcPeer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const byId = new Map(accounts.map((a) => [a.sub, a]));
  let current = accounts[0]?.sub ?? "";
  const provider = new Provider(issuer, { ...configuration(redirectUri, byId), jwks: { keys: [await signingKey()] } });
  const handle = provider.callback();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith("/interaction/")) {
      provider.interactionFinished(req, res, { login: { accountId: current } }, { mergeWithLastSubmission: false }).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
      return;
    }
    handle(req, res);
  });
  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    accounts: byId,
    signInAs: (sub) => void (current = sub),
    authorize: (url) => followToRedirectUri(url, redirectUri),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function configuration(redirectUri: string, accounts: Map<string, IdpAccount>): Record<string, unknown> {
  return {
    clients: [{
      client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri],
      grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic",
    }],
    claims: { openid: ["sub"], profile: ["preferred_username", "name"], email: ["email", "email_verified"] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: ["oidc-peer-cookie-key"] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    adapter: memoryAdapter(),
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      return account && { accountId: sub, claims: async () => ({ ...account }) };
    },
    async loadExistingGrant(ctx: ProviderContext) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid profile email");
      await grant.save();
      return grant;
    },
  };
}

async function followToRedirectUri(start: string, redirectUri: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(`${redirectUri}?`)) return new URL(url);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    const location = res.headers.get("location");
    if (!location) throw new Error(`IdP stopped at ${url}: ${res.status} ${await res.text()}`);
    url = new URL(location, url).href;
  }
  throw new Error("too many redirects at the IdP");
}

/** Without its own key oidc-provider warns that it signs with development keys. */
async function signingKey(): Promise<JsonWebKey & { kid: string; use: string }> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  delete jwk.alg;
  delete jwk.key_ops;
  delete jwk.ext;
  return { ...jwk, kid: "oidc-peer", use: "sig" };
}

/** oidc-provider's own in-memory adapter warns on every start; this one is just as small. */
function memoryAdapter() {
  const store = new Map<string, Record<string, unknown>>();
  return class MemoryAdapter {
    constructor(private readonly name: string) {}
    private key(id: string) {
      return `${this.name}:${id}`;
    }
    async upsert(id: string, payload: Record<string, unknown>) {
      store.set(this.key(id), payload);
    }
    async find(id: string) {
      return store.get(this.key(id));
    }
    async findByUid(uid: string) {
      return [...store.values()].find((p) => p.uid === uid);
    }
    async findByUserCode(code: string) {
      return [...store.values()].find((p) => p.userCode === code);
    }
    async consume(id: string) {
      const payload = store.get(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [k, p] of store) if (p.grantId === grantId) store.delete(k);
    }
  };
}
