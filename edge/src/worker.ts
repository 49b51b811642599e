/**
 * The edge Worker (wrangler.toml): PWA assets come from Cloudflare's asset layer (assets.ts); chat
 * callbacks are verified, deduped and forwarded here; everything else is proxied to the origin.
 * Runtime-neutral code only (Web Crypto, fetch): nothing from node:*, Bun or the platform SDKs.
 */
import { Hono, type Context } from "hono";
import { createDeduper, feishuDedupeKey, slackDedupeKey, type Deduper } from "./dedupe.ts";
import { DEFAULT_ACK_MS, forwardCallback, proxy, type WaitUntil } from "./forward.ts";
import { feishuHeaders, verifyFeishu, verifySlack } from "./verify.ts";

export type EdgeEnv = {
  /** [vars] */
  OPS_ORIGIN_URL?: string;
  /** ms the edge waits for the origin before acking on its own (default 2500) */
  OPS_EDGE_ACK_MS?: string;
  /** dedupe key prefix in Upstash (several installations on one database) */
  OPS_EDGE_DEDUPE_PREFIX?: string;
  /** secrets (`wrangler secret put`) */
  OPS_EDGE_SECRET?: string;
  SLACK_SIGNING_SECRET?: string;
  FEISHU_VERIFICATION_TOKEN?: string;
  FEISHU_ENCRYPT_KEY?: string;
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
};

type Ctx = Context<{ Bindings: EdgeEnv }>;

/** The same cap as the origin's webhooks (bot/src/webhooks.ts): a callback is a few KB. Not exported: a Worker module's named exports are entrypoints. */
const CALLBACK_BODY_LIMIT = 1024 * 1024;

const log = (msg: string, fields: Record<string, unknown> = {}) => console.log(JSON.stringify({ level: "info", msg, ...fields }));

function dedupeOf(env: EdgeEnv): Deduper {
  return createDeduper({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, prefix: env.OPS_EDGE_DEDUPE_PREFIX ?? "ops-edge:" }, log);
}

function ackMsOf(env: EdgeEnv): number {
  const ms = Number(env.OPS_EDGE_ACK_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_ACK_MS;
}

/** The settings without which a callback cannot be forwarded: a misconfigured edge says which. */
function missingSettings(env: EdgeEnv): Response | null {
  const missing = (["OPS_ORIGIN_URL", "OPS_EDGE_SECRET"] as const).filter((k) => !env[k]);
  return missing.length ? Response.json({ error: "edge_misconfigured", missing }, { status: 500 }) : null;
}

async function readLimited(request: Request): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get("content-length") ?? 0) > CALLBACK_BODY_LIMIT) return null;
  const raw = new Uint8Array(await request.arrayBuffer());
  return raw.length > CALLBACK_BODY_LIMIT ? null : raw;
}

const tooLarge = () => Response.json({ error: "body_too_large" }, { status: 413 });

/**
 * Claims the delivery; a duplicate is answered at once and goes no further. The ack window counts
 * from `started` (the request's arrival): reading, verifying and the claim have used part of it.
 */
async function forwardOnce(c: Ctx, started: number, raw: Uint8Array<ArrayBuffer>, key: string, dedupe: Deduper, duplicate: () => Response, lateAck: () => Response): Promise<Response> {
  const claim = await dedupe.claim(key);
  if (claim === "duplicate") {
    log("edge: duplicate delivery answered at the edge", { key });
    return duplicate();
  }
  return forwardCallback(c.req.raw, raw, {
    origin: c.env.OPS_ORIGIN_URL!, secret: c.env.OPS_EDGE_SECRET!, ackMs: Math.max(0, ackMsOf(c.env) - (Date.now() - started)), ctx: c.executionCtx as WaitUntil, log, lateAck,
    onFailure: () => (claim === "first" ? dedupe.release(key) : Promise.resolve()),
  });
}

function isForm(contentType: string | null): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

async function slackEvents(c: Ctx): Promise<Response> {
  const started = Date.now();
  const misconfigured = missingSettings(c.env);
  if (misconfigured) return misconfigured;
  const bytes = await readLimited(c.req.raw);
  if (!bytes) return tooLarge();
  const raw = new TextDecoder().decode(bytes);
  const form = isForm(c.req.header("content-type") ?? null);
  // Slack sends ssl_check unsigned and only wants a 200.
  if (form && new URLSearchParams(raw).get("ssl_check") === "1") return new Response(null, { status: 200 });
  if (!c.env.SLACK_SIGNING_SECRET) return Response.json({ error: "edge_misconfigured", missing: ["SLACK_SIGNING_SECRET"] }, { status: 500 });
  const verdict = await verifySlack(c.env.SLACK_SIGNING_SECRET, raw, c.req.header("x-slack-signature") ?? null, c.req.header("x-slack-request-timestamp") ?? null, Date.now());
  if (!verdict.ok) {
    log("edge: slack request refused", { error: verdict.error });
    return Response.json({ error: verdict.error }, { status: 401 });
  }
  if (!form) {
    try {
      const body = JSON.parse(raw) as Record<string, unknown>;
      if (body.type === "url_verification") return Response.json({ challenge: body.challenge });
    } catch {
      // not JSON: the origin answers it (400)
    }
  }
  const empty = () => new Response(null, { status: 200 });
  return forwardOnce(c, started, bytes, await slackDedupeKey(raw, form), dedupeOf(c.env), empty, empty);
}

async function feishuCallback(c: Ctx, allowLegacy: boolean): Promise<Response> {
  const started = Date.now();
  const misconfigured = missingSettings(c.env);
  if (misconfigured) return misconfigured;
  const raw = await readLimited(c.req.raw);
  if (!raw) return tooLarge();
  const config = { verificationToken: c.env.FEISHU_VERIFICATION_TOKEN, encryptKey: c.env.FEISHU_ENCRYPT_KEY };
  if (!config.verificationToken && !config.encryptKey) return Response.json({ error: "edge_misconfigured", missing: ["FEISHU_VERIFICATION_TOKEN"] }, { status: 500 });
  const verified = await verifyFeishu(raw, feishuHeaders(c.req.raw.headers), config, Date.now(), allowLegacy);
  if (!verified.ok) {
    log("edge: feishu callback refused", { path: c.req.path, reason: verified.reason });
    return Response.json({ code: 401, msg: verified.reason }, { status: 401 });
  }
  // Feishu wants the challenge within 1 s: the edge answers it itself.
  if (verified.kind === "challenge") return Response.json({ challenge: verified.challenge });
  // A card callback's answer must be JSON (`{}` keeps the card as it is).
  const emptyJson = () => Response.json({});
  return forwardOnce(c, started, raw, await feishuDedupeKey(verified.body), dedupeOf(c.env), emptyJson, emptyJson);
}

const app = new Hono<{ Bindings: EdgeEnv }>({ strict: false });

app.post("/bot/slack/events", slackEvents);
app.post("/bot/feishu/events", (c) => feishuCallback(c, false));
app.post("/bot/feishu/cards", (c) => feishuCallback(c, true));
app.all("*", (c) => {
  if (!c.env.OPS_ORIGIN_URL) return Response.json({ error: "edge_misconfigured", missing: ["OPS_ORIGIN_URL"] }, { status: 500 });
  return proxy(c.env.OPS_ORIGIN_URL, c.req.raw, log);
});

export default app;
