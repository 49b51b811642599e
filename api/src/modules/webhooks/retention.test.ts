import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { startReceiver, until, type Receiver } from "./webhooks.testkit.ts";

const DAY = 24 * 3600_000;

describe.each(ENGINES)("webhooks retention: finished deliveries older than OPS_WEBHOOK_KEEP_DAYS go, pending ones stay (%s)", (engine) => {
  let s: TestSystem;
  let receiver: Receiver;
  const secrets = new Map<string, string>();
  let admin = "";
  const api = (method: string, path: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: admin, body });
  const count = async (table: string) => Number((await s.system.db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n);
  async function subscribe(path: string) {
    const r = await api("POST", "/webhooks", { name: path, url: receiver.url(path), events: ["approval.started"] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    secrets.set(path, r.body.data.secret);
    return r.body.data.id as string;
  }
  const deliveries = async (subId: string) =>
    (await api("GET", `/webhooks/${subId}/deliveries?page_size=100`)).body.data.items as Array<{ id: string; status: string; event_id: string }>;
  const publish = (n: number, tag: string) => s.system.webhooks.publish(Array.from({ length: n }, (_, i) => ({
    id: `evt-${tag}-${i}`, type: "approval.started", occurred_at: s.clock.now().toISOString(), data: { n: i },
  })));

  beforeAll(async () => {
    s = await createTestSystem({ engine, env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1" } });
    receiver = startReceiver(() => s, secrets);
    admin = await s.login("admin");
    s.system.webhooks.start();
  });
  afterAll(async () => {
    await s?.close();
    await receiver?.server.stop(true);
  });

  it("OPS_WEBHOOK_KEEP_DAYS defaults to 30 and is read from the environment", async () => {
    expect(s.system.webhooks.options.keepDays).toBe(30);
    const { parseEnv } = await import("../../env.ts");
    expect(parseEnv({ OPS_WEBHOOK_KEEP_DAYS: "7" }).OPS_WEBHOOK_KEEP_DAYS).toBe(7);
    expect(() => parseEnv({ OPS_WEBHOOK_KEEP_DAYS: "-1" })).toThrow();
  });

  it("delivered and failed ones past the limit go with their attempts and events; recent ones and queued/retrying ones stay", async () => {
    const ok = await subscribe("/ok");
    const down = await subscribe("/down");
    receiver.fail("/down", 1000);
    // old: 3 events → /ok delivered, /down retrying (its next attempt far off on the test clock)
    await publish(3, "old");
    await until(s, receiver, async () => (await deliveries(ok)).every((d) => d.status === "delivered") && (await deliveries(down)).every((d) => d.status === "retrying"),
      "old deliveries settled");
    // the worker stops (nothing retries or sends from here on); one of /down's has given up: failed, and old too
    await s.system.webhooks.stop();
    const [gaveUp] = await deliveries(down);
    await s.system.db.run("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL WHERE id = ?", [gaveUp!.id]);
    const oldOk = (await deliveries(ok)).map((d) => d.id);
    s.clock.advance(31 * DAY);
    admin = await s.login("admin");
    // new events stay queued
    await publish(2, "new");

    const pruned = await s.system.webhooks.prune();
    // /ok's 3 old delivered + /down's failed one; /down's 2 old retrying stay, so do their events
    expect(pruned.deliveries).toBe(4);
    expect(pruned.attempts).toBe(4);
    const gone = [...oldOk, gaveUp!.id];
    expect(await count(`webhook_attempts WHERE delivery_id IN (${gone.map((id) => `'${id}'`).join(", ")})`)).toBe(0);
    expect((await deliveries(ok)).map((d) => `${d.event_id}:${d.status}`).sort()).toEqual(["evt-new-0:queued", "evt-new-1:queued"]);
    const left = await deliveries(down);
    expect(left.filter((d) => d.event_id.startsWith("evt-old")).map((d) => d.status)).toEqual(["retrying", "retrying"]);
    expect(left.filter((d) => d.event_id.startsWith("evt-new")).map((d) => d.status)).toEqual(["queued", "queued"]);
    // the event /down gave up on (no delivery names it now) is gone; the ones still retrying keep theirs
    expect(pruned.events).toBe(1);
    const events = (await s.system.db.all<{ id: string }>("SELECT id FROM webhook_events ORDER BY id")).map((e) => e.id);
    expect(events).not.toContain(gaveUp!.event_id);
    expect(events.filter((e) => e.startsWith("evt-old"))).toHaveLength(2);
    expect((await api("GET", `/webhook-deliveries/${gaveUp!.id}`)).status).toBe(404);
    // a second pass finds nothing more; 0 keeps everything
    expect(await s.system.webhooks.prune()).toEqual({ deliveries: 0, attempts: 0, events: 0 });
    s.clock.advance(400 * DAY);
    expect(await s.system.webhooks.prune(0)).toEqual({ deliveries: 0, attempts: 0, events: 0 });
  }, 60_000);
});
