import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARING_MODES, systemPair, type Pair } from "@ops/api/cross-process/pair.ts";
import type { TestSystem } from "@ops/api/testing/harness.ts";
import { startSlackFake, type SlackFake } from "../../../scripts/fakes/index.ts";
import { attachBot, type AttachedBot } from "../wire.ts";

/**
 * Two processes with the bot attached (intake and workers on both) over one store and, in `redis` mode, one BullMQ:
 * a Slack event that process A took and Slack then retried to process B is answered once. The dedupe is the
 * chat-inbound job's idempotency key (bot/src/core/bot.ts), held by the shared queue, not by either process.
 */
type Node = { s: TestSystem; bot: AttachedBot; url: string; stop(): Promise<void> };

async function node(s: TestSystem, onJobEvent: () => void): Promise<Node> {
  const bot = await attachBot(s.system, { now: () => Date.now(), onJobEvent });
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: bot.fetch });
  return {
    s, bot, url: `http://127.0.0.1:${server.port}/bot/slack/events`,
    async stop() {
      await bot.stop();
      await server.stop(true);
    },
  };
}

describe.each(SHARING_MODES)("a Slack retry to another process (PostgreSQL, %s)", (mode) => {
  let slack: SlackFake;
  let pair: Pair;
  let nodes: Node[] = [];
  let events = 0;
  const bumps = new Set<() => void>();
  const onJobEvent = () => {
    events++;
    for (const b of [...bumps]) b();
  };
  /** Resolves once the shared chat queues have nothing waiting, delayed or running. */
  async function settled(): Promise<void> {
    for (;;) {
      const seen = events;
      const stats = await Promise.all(["chat-inbound", "im-delivery"].map((q) => pair.a.system.queue.stats(q)));
      if (stats.every((st) => st.waiting + st.delayed + st.active === 0)) return;
      await new Promise<void>((resolve) => {
        const bump = () => (bumps.delete(bump), resolve());
        bumps.add(bump);
        if (events > seen) bump();
      });
    }
  }

  beforeAll(async () => {
    slack = await startSlackFake();
    pair = await systemPair(mode, {
      env: { SLACK_SIGNING_SECRET: slack.signingSecret, SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl, OPS_PUBLIC_URL: "https://ops.example.com" },
    });
    nodes = [await node(pair.a, onJobEvent), await node(pair.b, onJobEvent)];
  });
  afterAll(async () => {
    for (const n of nodes) await n.stop();
    await pair?.close();
    await slack?.stop();
  });

  it("answers once, whichever process took each delivery", async () => {
    const [a, b] = nodes as [Node, Node];
    const mark = slack.messages.mark();
    const before = (await pair.a.system.queue.stats("chat-inbound")).completed;
    const event = { type: "app_mention", user: "U0000ALICE", text: "<@U0000BOT1> whoami", channel: "C0000OPS1", ts: "1700000300.000001" };
    const eventId = `EvCROSS${mode.toUpperCase()}`;
    expect((await slack.sendEvent(a.url, event, { eventId })).status).toBe(200);
    expect((await slack.sendEvent(b.url, event, { eventId, retryNum: 1, retryReason: "http_timeout" })).status).toBe(200);
    await slack.messages.waitFor(() => true, { since: mark, timeoutMs: 15_000 });
    await settled();
    expect(slack.messages.items.slice(mark).filter((m) => m.channel === "C0000OPS1")).toHaveLength(1);
    // the command itself ran once (its answer's post has an idempotency key of its own, which alone would hide a rerun)
    expect((await pair.a.system.queue.stats("chat-inbound")).completed - before).toBe(1);
  });
});
