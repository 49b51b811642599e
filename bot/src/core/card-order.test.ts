import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Card } from "@ops/cards";
import { ENGINES, createTestSystem, type TestSystem } from "@ops/api/testing/harness.ts";
import { IM_QUEUE } from "@ops/api/modules/notify/index.ts";
import { ENTITY_CARD_KEEP_MS } from "@ops/api/modules/notify/im/im-cards.ts";
import { createApiClient } from "./api-client.ts";
import { createDelivery } from "./delivery.ts";
import type { ChatAdapter, MessageRef } from "./port.ts";
import type { BotJob } from "./queue-port.ts";

/**
 * The chat platform both bot processes talk to: each update lands (the message shows its card) and then answers;
 * `hold()` keeps the next call open until the test lets it land and then answer, one step at a time.
 */
function platformStandIn() {
  const shown = new Map<string, string>();
  const calls: Array<{ card: string; land(): void; answer(): void; landed: Promise<void> }> = [];
  const waiting: Array<{ count: number; resolve(): void }> = [];
  let holds = 0;
  const adapter = {
    platform: "feishu", commandPrefix: "",
    async update(ref: MessageRef, card: Card) {
      let land!: () => void;
      let answer!: () => void;
      let landedNow!: () => void;
      const landing = new Promise<void>((r) => (land = r));
      const answering = new Promise<void>((r) => (answer = r));
      const call = { card: JSON.stringify(card), land, answer, landed: new Promise<void>((r) => (landedNow = r)) };
      calls.push(call);
      for (const w of waiting.filter((x) => calls.length >= x.count)) w.resolve();
      if (holds > 0) holds--;
      else { land(); answer(); }
      await landing;
      shown.set(ref.messageId, call.card);
      landedNow();
      await answering;
    },
  } as unknown as ChatAdapter;
  /** Resolves once `count` calls have started. */
  const started = (count: number) => new Promise<void>((resolve) => {
    if (calls.length >= count) resolve();
    else waiting.push({ count, resolve });
  });
  return { adapter, shown, calls, started, hold: () => void holds++ };
}

describe.each(ENGINES)("card updates of one message in two bot worker processes on %s", (engine) => {
  let s: TestSystem;
  /** the second process's API: on PostgreSQL a second system on the same database */
  let peer: TestSystem;
  const quiet = { warn() {}, info() {}, error() {}, debug() {} };
  beforeAll(async () => {
    s = await createTestSystem({ engine, demo: false });
    peer = engine === "postgres" ? await createTestSystem({ shareDatabaseWith: s }) : s;
  });
  afterAll(async () => {
    if (peer !== s) await peer.close();
    await s.close();
  });

  const worker = (t: TestSystem, adapter: ChatAdapter) =>
    createDelivery({ api: createApiClient({ fetch: (r) => t.system.app.fetch(r), botKey: t.system.botKey }), adapterOf: () => adapter, logger: quiet });

  /** Posts one copy of a notification card, refreshes it to each title in turn, and takes the numbered updates off the queue. */
  async function refreshes(id: string, titles: string[]): Promise<BotJob[]> {
    const posted = await s.req("POST", "/api/v1/im/messages", {
      headers: { authorization: `Bot ${s.system.botKey}` },
      body: { platform: "feishu", chat_id: "oc_1", message_id: `om_${id}`, card_kind: "notification", entity_type: "notification", entity_id: id },
    });
    expect(posted.status).toBe(201);
    for (const title of titles) await refresh(id, title);
    const jobs = await queued();
    expect(jobs.map((j) => (j.payload as { seq: number }).seq)).toEqual(titles.map((_, i) => i + 1));
    return jobs;
  }

  const refresh = (id: string, title: string) => s.system.notify.imCards.refresh("notification", id, {
    kind: "notification", data: { notificationId: id, type: "t", title, body: title, createdAt: "2026-12-04T00:00:00.000Z" },
  });

  /** The jobs waiting on the IM queue (no worker runs here), taken off it. */
  async function queued(): Promise<BotJob[]> {
    const jobs: BotJob[] = [];
    for (let job = await s.system.queue.reserve(IM_QUEUE); job; job = await s.system.queue.reserve(IM_QUEUE)) {
      await s.system.queue.complete(job);
      jobs.push({ name: job.name, payload: job.payload, attempt: 1, maxAttempts: 3 });
    }
    return jobs;
  }

  it("ends with the newest card when the older update lands last (one extra platform call)", async () => {
    const platform = platformStandIn();
    const [a, b] = [worker(s, platform.adapter), worker(peer, platform.adapter)];
    const [older, newer] = await refreshes(`race-${engine}`, ["card-one", "card-two"]);
    platform.hold();
    const first = a(older!);
    await platform.started(1);
    await b(newer!); // lands and answers while the older call is still open
    expect(platform.shown.get(`om_race-${engine}`)).toContain("card-two");
    platform.calls[0]!.land();
    platform.calls[0]!.answer();
    await first;
    expect(platform.calls.map((c) => c.card.includes("card-two") ? 2 : 1)).toEqual([1, 2, 2]);
    expect(platform.shown.get(`om_race-${engine}`)).toContain("card-two");
  });

  it("ends with the newest card when the newer call lands first but answers last", async () => {
    const platform = platformStandIn();
    const [a, b] = [worker(s, platform.adapter), worker(peer, platform.adapter)];
    const [older, newer] = await refreshes(`slow-answer-${engine}`, ["card-one", "card-two"]);
    platform.hold();
    platform.hold();
    const first = a(older!);
    await platform.started(1);
    const second = b(newer!);
    await platform.started(2);
    platform.calls[1]!.land(); // the newer lands
    await platform.calls[1]!.landed;
    platform.calls[0]!.land(); // the older lands on top of it and answers
    platform.calls[0]!.answer();
    await first;
    platform.calls[1]!.answer();
    await second;
    expect(platform.calls.length).toBe(3);
    expect(platform.shown.get(`om_slow-answer-${engine}`)).toContain("card-two");
  });

  it("drops the older update before any call once the newer is claimed", async () => {
    const platform = platformStandIn();
    const [a, b] = [worker(s, platform.adapter), worker(peer, platform.adapter)];
    const [older, newer] = await refreshes(`in-order-${engine}`, ["card-one", "card-two"]);
    await b(newer!);
    await a(older!);
    expect(platform.calls.map((c) => c.card.includes("card-two"))).toEqual([true]);
    expect(platform.shown.get(`om_in-order-${engine}`)).toContain("card-two");
  });

  it("applies an update numbered from 1 again after the entity's card was not kept (idle past the keep time)", async () => {
    const platform = platformStandIn();
    const a = worker(s, platform.adapter);
    const id = `renumbered-${engine}`;
    const [first] = await refreshes(id, ["card-one"]);
    await a(first!);
    // a decision half an hour later: the entity's card was pruned meanwhile, so its numbering starts over
    s.clock.advance(ENTITY_CARD_KEEP_MS + 1_000);
    await refresh(`someone-else-${engine}`, "other");
    await refresh(id, "card-two");
    const [again] = await queued();
    expect(again!.payload).toMatchObject({ seq: 1 });
    await a(again!);
    expect(platform.shown.get(`om_${id}`)).toContain("card-two");
  });

  it("retries while the API does not answer the claim, and on the last attempt applies the update unordered", async () => {
    const platform = platformStandIn();
    const down = (r: Request) => (new URL(r.url).pathname.includes("/card-updates/") ? new Response("{}", { status: 503 }) : s.system.app.fetch(r));
    const a = createDelivery({ api: createApiClient({ fetch: down, botKey: s.system.botKey }), adapterOf: () => platform.adapter, logger: quiet });
    const [update] = await refreshes(`api-down-${engine}`, ["card-one"]);
    await expect(a(update!)).rejects.toMatchObject({ status: 503 });
    expect(platform.calls).toEqual([]);
    await a({ ...update!, attempt: 3 });
    expect(platform.shown.get(`om_api-down-${engine}`)).toContain("card-one");
  });
});
