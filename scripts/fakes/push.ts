/**
 * A local Web Push service (RFC 8030 + 8291 + 8292) for the notification center's push channel.
 * web-push always speaks TLS, so this serves HTTPS with a self-signed certificate for 127.0.0.1
 * made by openssl; the client trusts it through `agent: new https.Agent({ ca })`.
 *
 * It plays the browser's part too: `subscribe()` makes a subscription (P-256 key pair and auth
 * secret) whose endpoint points here, so every received message can be decrypted (aes128gcm)
 * and its VAPID JWT checked against the `k=` key. Scripted failures and expired (410)
 * subscriptions test retries and clean-up. Run alone: `bun scripts/fakes/push.ts` (PORT).
 */
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent } from "node:https";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFailures, createRecorder, type Recorder } from "./notify-recorder.ts";

type Ece = { decrypt(buffer: Buffer, params: { version: string; privateKey: ECDH; authSecret: string }): Buffer };
const ece = createRequire(import.meta.url)("http_ece") as Ece;

export type FakePushSubscription = { endpoint: string; keys: { p256dh: string; auth: string } };

export type VapidCheck = { valid: boolean; aud?: string; sub?: string; exp?: number; publicKey?: string; reason?: string };

export type PushRequest = {
  subscriptionId: string;
  ttl: string | null;
  urgency: string | null;
  topic: string | null;
  contentEncoding: string | null;
  authorization: string | null;
  vapid: VapidCheck;
  /** The decrypted payload (null when it could not be decrypted). */
  payload: string | null;
};

export type FakePush = {
  origin: string;
  /** PEM of the self-signed certificate: trust it with `new https.Agent({ ca })`. */
  ca: string;
  agent(): Agent;
  subscribe(): FakePushSubscription;
  /** The subscription answers 410 Gone from now on (the browser dropped it). */
  expire(endpoint: string): void;
  requests: Recorder<PushRequest>;
  fail(count: number, status: number): void;
  close(): Promise<void>;
};

export function selfSignedCert(host = "127.0.0.1"): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "ops-push-"));
  try {
    const out = Bun.spawnSync([
      "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "2",
      "-subj", `/CN=${host}`, "-addext", `subjectAltName=IP:${host}`,
    ], { stderr: "pipe" });
    if (out.exitCode !== 0) throw new Error(`openssl failed: ${out.stderr.toString()}`);
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startFakePush(options: { port?: number } = {}): FakePush {
  const tls = selfSignedCert();
  const requests = createRecorder<PushRequest>();
  const failures = createFailures();
  const clients = new Map<string, { ecdh: ECDH; auth: string; gone: boolean }>();
  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: "127.0.0.1",
    tls,
    async fetch(req): Promise<Response> {
      const id = new URL(req.url).pathname.match(/^\/push\/([\w-]+)$/)?.[1];
      const client = id ? clients.get(id) : undefined;
      if (req.method !== "POST" || !id || !client) return new Response("no such subscription", { status: 404 });
      if (client.gone) return new Response("subscription expired", { status: 410 });
      const status = failures.take();
      if (status) return new Response("scripted failure", { status });
      const body = Buffer.from(await req.arrayBuffer());
      const h = (name: string) => req.headers.get(name);
      requests.add({
        subscriptionId: id, ttl: h("ttl"), urgency: h("urgency"), topic: h("topic"), contentEncoding: h("content-encoding"),
        authorization: h("authorization"), vapid: checkVapid(h("authorization"), origin), payload: decrypt(body, client),
      });
      return new Response(null, { status: 201, headers: { location: `${origin}/message/${randomBytes(6).toString("hex")}` } });
    },
  });
  const origin: string = `https://127.0.0.1:${server.port}`;
  return {
    origin,
    ca: tls.cert,
    agent: () => new Agent({ ca: tls.cert }),
    subscribe() {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const id = randomBytes(9).toString("base64url").replace(/_/g, "-");
      const auth = randomBytes(16).toString("base64url");
      clients.set(id, { ecdh, auth, gone: false });
      return { endpoint: `${origin}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth } };
    },
    expire(endpoint) {
      const client = clients.get(endpoint.split("/").at(-1) ?? "");
      if (client) client.gone = true;
    },
    requests,
    fail: (count, status) => failures.fail(count, status),
    close: async () => {
      await server.stop(true);
    },
  };
}

function decrypt(body: Buffer, client: { ecdh: ECDH; auth: string }): string | null {
  try {
    return ece.decrypt(body, { version: "aes128gcm", privateKey: client.ecdh, authSecret: client.auth }).toString("utf8");
  } catch {
    return null;
  }
}

/** RFC 8292: `vapid t=<ES256 JWT>, k=<P-256 public key>`; aud must be this origin, exp in the future. */
export function checkVapid(header: string | null, origin: string, nowSeconds = Date.now() / 1000): VapidCheck {
  const t = header?.match(/t=([\w-]+\.[\w-]+\.[\w-]+)/)?.[1];
  const k = header?.match(/k=([\w-]+)/)?.[1];
  if (!header?.startsWith("vapid ") || !t || !k) return { valid: false, reason: "not a vapid authorization" };
  const [head, claims, signature] = t.split(".") as [string, string, string];
  const point = Buffer.from(k, "base64url");
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33, 65).toString("base64url") },
    format: "jwk",
  });
  const signed = verify("sha256", Buffer.from(`${head}.${claims}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  const c = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as { aud?: string; sub?: string; exp?: number };
  const reason = !signed ? "bad signature" : c.aud !== origin ? `aud ${c.aud}` : !(Number(c.exp) > nowSeconds) ? "expired" : undefined;
  return { valid: !reason, aud: c.aud, sub: c.sub, exp: c.exp, publicKey: k, ...(reason ? { reason } : {}) };
}

if (import.meta.main) {
  const push = startFakePush({ port: Number(process.env.PORT ?? 8443) });
  console.log(`fake push service on ${push.origin}; CA:\n${push.ca}`);
}
