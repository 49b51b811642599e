/**
 * The edge worker end to end: `wrangler dev` (Node 22) on wrangler.toml, in front of a real origin
 * (a test system with the bot and Slack pointed at the Slack stand-in, OPS_EDGE_SECRET set), with the
 * Upstash stand-in for the dedupe. Needs the PWA build (pwa/dist): CI builds it before vitest.
 */
import { EDGE_HEADER, verifyEdgeRequest } from "@ops/shared/edge-signature.ts";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../../bot/src/testing/bot-harness.ts";
import { startWranglerDev, type WranglerDev } from "../../scripts/edge-dev.ts";
import { startUpstashFake, type UpstashFake } from "../../scripts/fakes/upstash.ts";
import { WORKER_FIRST } from "../src/assets.ts";

const root = resolve(import.meta.dirname, "../..");
const built = existsSync(resolve(root, "pwa/dist/index.html"));
const SECRET = "edge-test-secret-0123456789abcdef";
const FEISHU_KEY = "edge-test-encrypt-key";
const ALICE = "U0000ALICE";

type Seen = { path: string; body: string; mark: string | null; markOk: boolean | null };

describe.skipIf(!built)("edge worker (wrangler dev) in front of the origin", () => {
  /** A copy of pwa/dist taken at the start: others may rebuild pwa/dist while this runs. */
  let dist: string;
  let h: BotHarness;
  let upstash: UpstashFake;
  let edge: WranglerDev;
  let origin: ReturnType<typeof Bun.serve>;
  const seen: Seen[] = [];
  /** When set, the origin holds the next callback until it resolves (a slow origin, by event). */
  let hold: Promise<void> | null = null;
  /** When set, the origin answers the next callback with this status without handling it. */
  let failNext: number | null = null;
  let handled: Array<() => void> = [];
  const nextHandled = () => new Promise<void>((r) => handled.push(r));
  const botCallbacks = () => seen.filter((s) => s.path.startsWith("/bot/"));

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), "ops-edge-dist-"));
    cpSync(resolve(root, "pwa/dist"), dist, { recursive: true });
    h = await startBotHarness({ slack: true, feishu: { encryptKey: FEISHU_KEY }, env: { OPS_EDGE_SECRET: SECRET } });
    upstash = await startUpstashFake();
    origin = Bun.serve({
      port: 0, hostname: "127.0.0.1",
      fetch: async (req, server) => {
        const body = await req.clone().text();
        const mark = req.headers.get(EDGE_HEADER);
        seen.push({ path: new URL(req.url).pathname, body, mark, markOk: mark ? (await verifyEdgeRequest(SECRET, mark, body, Date.now())).ok : null });
        if (failNext !== null) {
          const status = failNext;
          failNext = null;
          return Response.json({ error: "injected" }, { status });
        }
        if (hold) {
          const wait = hold;
          hold = null;
          await wait;
        }
        const res = await h.bot.fetch(req, server);
        for (const done of handled.splice(0)) done();
        return res;
      },
    });
    edge = await startWranglerDev({
      assetsDir: dist,
      vars: {
        OPS_ORIGIN_URL: `http://127.0.0.1:${origin.port}`, OPS_EDGE_SECRET: SECRET, OPS_EDGE_ACK_MS: "1000", OPS_EDGE_DEDUPE_PREFIX: "edge-test:",
        SLACK_SIGNING_SECRET: h.slack!.signingSecret, FEISHU_VERIFICATION_TOKEN: h.feishu!.verificationToken, FEISHU_ENCRYPT_KEY: FEISHU_KEY,
        UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token,
      },
    });
  });

  afterAll(async () => {
    await edge?.stop();
    await origin?.stop(true);
    await upstash?.clear();
    await upstash?.stop();
    await h?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  const slackUrl = () => `${edge.url}/bot/slack/events`;
  /** What Alice has been told so far (channel messages and ephemerals). */
  const toldAlice = () => [...h.slack!.messages.items.map((m) => JSON.stringify(m.blocks)), ...h.slack!.ephemerals.items.filter((e) => e.user === ALICE).map((e) => JSON.stringify(e.blocks))];

  it("serves the PWA: index.html, a hashed asset, the SPA fallback; the origin's paths are proxied", async () => {
    const index = readFileSync(resolve(dist, "index.html"), "utf8");
    expect(await (await fetch(`${edge.url}/`)).text()).toBe(index);
    const asset = /\/assets\/[\w-]+\.js/.exec(index)![0];
    const served = await fetch(`${edge.url}${asset}`);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(new Uint8Array(readFileSync(resolve(dist, asset.slice(1)))));
    expect(await (await fetch(`${edge.url}/jobs/42`, { headers: { "sec-fetch-mode": "navigate" } })).text()).toBe(index);
    expect(await (await fetch(`${edge.url}/healthz`)).json()).toEqual({ status: "ok" });
    // A browser navigation to the API docs reaches the origin, not the SPA shell.
    const docs = await fetch(`${edge.url}/api/docs`, { headers: { "sec-fetch-mode": "navigate", accept: "text/html" } });
    expect(await docs.text()).not.toBe(index);
    expect(seen.map((s) => s.path)).toEqual(["/healthz", "/api/docs"]);
    const toml = Bun.TOML.parse(readFileSync(resolve(root, "wrangler.toml"), "utf8")) as { assets: { run_worker_first: string[] } };
    expect(toml.assets.run_worker_first).toEqual([...WORKER_FIRST]);
  });

  it("forwards a signed slash command with a valid X-OPS-Edge mark; the user gets the bot's answer; a replay stops at the edge", async () => {
    const before = toldAlice().length;
    // On a busy box the origin may pass the ack window: the edge then acks alone; wait for the origin either way.
    const handledByOrigin = nextHandled();
    const first = await h.slack!.sendSlashCommand(slackUrl(), { command: "/ops", text: "help", user_id: ALICE });
    expect(first.status).toBe(200);
    expect(botCallbacks()).toEqual([expect.objectContaining({ path: "/bot/slack/events", body: first.sent.body, markOk: true })]);
    await handledByOrigin;
    // The origin's own check of the mark (bot/src/webhooks.ts) ran and accepted it.
    expect(h.logs).toContainEqual(expect.objectContaining({ level: "debug", msg: "bot: callback forwarded by the edge" }));
    await h.settled();
    expect(toldAlice().length).toBeGreaterThan(before);

    const replay = await h.slack!.redeliver(first);
    expect(replay.status).toBe(200);
    await edge.waitForOutput("duplicate delivery answered at the edge");
    expect(botCallbacks()).toHaveLength(1);
  });

  it("dedupes an Events API retry (X-Slack-Retry-Num) on its event_id", async () => {
    const n = botCallbacks().length;
    const handledByOrigin = nextHandled();
    const first = await h.slack!.sendEvent(slackUrl(), { type: "app_mention", user: ALICE, text: `<@${h.slack!.botUserId}> help`, channel: "C0000OPS1" });
    expect(first.status).toBe(200);
    const retry = await h.slack!.redeliver(first, { retryNum: 1, retryReason: "http_timeout" });
    expect(retry.status).toBe(200);
    expect(botCallbacks()).toHaveLength(n + 1);
    await handledByOrigin;
    await h.settled();
  });

  it("refuses a bad signature with 401 and forwards nothing", async () => {
    const n = seen.length;
    const forged = await h.slack!.sendSlashCommand(slackUrl(), { command: "/ops", text: "help", user_id: ALICE }, { secret: "not-the-signing-secret" });
    expect(forged.status).toBe(401);
    expect(forged.json).toEqual({ error: "invalid_signature" });
    const stale = await h.slack!.sendSlashCommand(slackUrl(), { command: "/ops", text: "help", user_id: ALICE }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect(seen).toHaveLength(n);
  });

  it("acks within Slack's window when the origin is slow, and the late answer still reaches the user", async () => {
    let release!: () => void;
    hold = new Promise<void>((r) => (release = r));
    const done = nextHandled();
    const before = toldAlice().length;
    const ack = await h.slack!.sendSlashCommand(slackUrl(), { command: "/ops", text: "whoami", user_id: ALICE });
    // The origin has not answered (it is held): the edge acked on its own, inside the stand-in's 3 s window.
    expect(ack).toMatchObject({ status: 200, timedOut: false, text: "" });
    release();
    await done;
    await h.settled();
    expect(toldAlice().length).toBeGreaterThan(before);
    await edge.waitForOutput("late origin answer");
  });

  it("lets a retry through when the origin failed the first delivery (the claim is released)", async () => {
    failNext = 500;
    const n = botCallbacks().length;
    const first = await h.slack!.sendEvent(slackUrl(), { type: "app_mention", user: ALICE, text: `<@${h.slack!.botUserId}> help`, channel: "C0000OPS1" });
    expect(first.status).toBe(500);
    const handledByOrigin = nextHandled();
    const retry = await h.slack!.redeliver(first, { retryNum: 1, retryReason: "http_error" });
    expect(retry.status).toBe(200);
    expect(botCallbacks()).toHaveLength(n + 2);
    await handledByOrigin;
    await h.settled();
  });

  it("forwards a signed, encrypted Feishu message event; the user is answered; a redelivery stops at the edge", async () => {
    const n = botCallbacks().length;
    const before = h.feishu!.messages.items.length;
    const handledByOrigin = nextHandled();
    const first = await h.feishu!.sendMessageEvent(`${edge.url}/bot/feishu/events`, { text: "help", open_id: "ou_fake_alice", mentionBot: true });
    expect(first.status).toBe(200);
    expect(botCallbacks().slice(n)).toEqual([expect.objectContaining({ path: "/bot/feishu/events", body: first.sent.body, markOk: true })]);
    await handledByOrigin;
    await h.settled();
    expect(h.feishu!.messages.items.length).toBeGreaterThan(before);
    expect((await h.feishu!.redeliver(first)).status).toBe(200);
    expect(botCallbacks()).toHaveLength(n + 1);
    const forged = await h.feishu!.sendMessageEvent(`${edge.url}/bot/feishu/events`, { text: "help", open_id: "ou_fake_alice", mentionBot: true }, { encryptKey: "another-key" });
    expect(forged.status).toBe(401);
    expect(botCallbacks()).toHaveLength(n + 1);
  });

  it("answers Feishu's url_verification challenge at the edge and refuses a wrong token", async () => {
    const n = seen.length;
    const ok = await h.feishu!.sendUrlVerification(`${edge.url}/bot/feishu/events`, "c-42");
    expect(ok).toMatchObject({ status: 200, json: { challenge: "c-42" } });
    const guessed = await fetch(`${edge.url}/bot/feishu/events`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ challenge: "c-43", token: "guessed", type: "url_verification" }),
    });
    expect(guessed.status).toBe(401);
    expect(seen).toHaveLength(n);
  });
});
