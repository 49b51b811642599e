import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES } from "../../../testing/harness.ts";
import { createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";

/**
 * A worker killed mid-send (kill -9) never settles its send-log row. Simulated without killing
 * the test process: the first POST never gets an answer (the worker is stuck, as good as dead,
 * and stops renewing its lease in test time), the lease runs out on the test clock, the queue
 * hands the job to a worker again, and that attempt delivers. The log must follow the job.
 */
describe.each(ENGINES)("send log after a worker died mid-send (%s)", (engine) => {
  let kit: NotifyKit;
  let admin: string;
  let receiver: Bun.Server<undefined>;
  const deliveries: Array<string | null> = [];
  const firstArrived = Promise.withResolvers<void>();
  const releaseFirst = Promise.withResolvers<Response>();

  beforeAll(async () => {
    kit = await createNotifyKit({ engine, env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1" } });
    admin = await kit.s.login("admin");
    receiver = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch(req): Promise<Response> | Response {
        deliveries.push(req.headers.get("x-ops-delivery"));
        if (deliveries.length > 1) return new Response(null, { status: 204 });
        firstArrived.resolve();
        return releaseFirst.promise;
      },
    });
  });
  afterAll(async () => {
    releaseFirst.resolve(new Response(null, { status: 204 }));
    await kit?.close();
    await receiver?.stop(true);
  });

  it("settles the dead attempt's row as retry and ends sent, whatever the dead worker does later", async () => {
    const hook = await kit.api("POST", "/notify/webhooks", admin, { name: "slow", url: `http://127.0.0.1:${receiver.port}/hook`, types: ["deploy.finished"] });
    expect(hook.status).toBe(201);
    const sent = await kit.api("POST", "/notify/send", admin, { type: "deploy.finished", recipients: [await kit.userId("lina")], data: { title: "v3" } });
    const eventId = sent.body.data.event_id as string;
    const webhookRows = async () => (await logRows(kit, { eventId })).filter((r) => r.channel === "webhook");

    await firstArrived.promise;
    expect((await webhookRows()).map((r) => `${r.status}:${r.attempt}`)).toEqual(["sending:1"]);
    // The lease (30 s) runs out on the queue's clock: the job is handed out again.
    kit.advance(31_000);
    await kit.until(async () => (await webhookRows()).some((r) => r.status === "sent"), "second attempt delivered");

    const rows = await webhookRows();
    expect(rows.map((r) => `${r.status}:${r.attempt}`)).toEqual(["retry:1", "sent:2"]);
    expect(rows[0]!.error).toBe("notify.attempt_interrupted");
    const delivery = () => kit.s.system.db.get<{ status: string; attempts: number }>("SELECT status, attempts FROM notify_deliveries WHERE id = ?", [rows[0]!.delivery_id]);
    expect(await delivery()).toMatchObject({ status: "sent" });
    // Every attempt of one delivery carries the same X-OPS-Delivery id.
    expect(deliveries).toEqual([rows[0]!.delivery_id, rows[0]!.delivery_id]);

    // The stuck worker wakes up late and fails: it no longer owns the delivery, nothing changes.
    const lost = () => kit.events.filter((e) => e.kind === "job" && e.outcome === "lease_lost").length;
    releaseFirst.resolve(new Response("too late", { status: 500 }));
    await kit.until(() => lost() > 0, "late worker lost its lease");
    expect((await webhookRows()).map((r) => `${r.status}:${r.attempt}`)).toEqual(["retry:1", "sent:2"]);
    expect(Number((await delivery())!.attempts)).toBe(2);
    expect(await delivery()).toMatchObject({ status: "sent" });
    const logs = await kit.api("GET", `/notify/logs?event_id=${eventId}&channel=webhook&status=sending`, admin);
    expect(logs.body.data.total).toBe(0);
  });
});

describe("send log after the queue gave up on a job whose workers kept dying", () => {
  let kit: NotifyKit;
  let admin: string;
  let receiver: Bun.Server<undefined>;
  let arrived = 0;
  const wakeUps: Array<() => void> = [];
  const hung = Promise.withResolvers<Response>();

  beforeAll(async () => {
    kit = await createNotifyKit({ env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1" } });
    admin = await kit.s.login("admin");
    // Never answers: every worker that takes the job is as good as dead.
    receiver = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => (arrived++, wakeUps.splice(0).forEach((w) => w()), hung.promise) });
  });
  afterAll(async () => {
    hung.resolve(new Response(null, { status: 204 }));
    await kit?.close();
    await receiver?.stop(true);
  });
  const requests = (n: number) => new Promise<void>((resolve) => (arrived >= n ? resolve() : wakeUps.push(() => arrived >= n && resolve())));

  it("settles the last row as failed once it is abandoned, not sending forever", async () => {
    await kit.api("POST", "/notify/webhooks", admin, { name: "black hole", url: `http://127.0.0.1:${receiver.port}/hook`, types: ["lost.test"] });
    const sent = await kit.api("POST", "/notify/send", admin, { type: "lost.test", recipients: [await kit.userId("lina")], data: { title: "x" } });
    const eventId = sent.body.data.event_id as string;
    const statuses = async () => (await logRows(kit, { eventId })).filter((r) => r.channel === "webhook").map((r) => `${r.status}:${r.attempt}`);
    await requests(1);
    // lina's own channels go out meanwhile; only the webhook is left in flight.
    await kit.until(async () => (await logRows(kit, { eventId })).filter((r) => r.status === "sending").length === 1, "other channels settled");
    kit.advance(31_000);
    await requests(2);
    // A second lease expiry dead-letters the job (maxLeaseExpiries 1): no attempt will settle row 2.
    kit.advance(31_000);
    expect(await statuses()).toEqual(["retry:1", "sending:2"]);
    expect(await kit.notify.reapSendLog()).toBe(0);
    kit.advance(10 * 60_000);
    expect(await kit.notify.reapSendLog()).toBe(1);
    expect(await statuses()).toEqual(["retry:1", "failed:2"]);
    expect((await logRows(kit, { eventId })).at(-1)!.error).toBe("notify.attempt_abandoned");
  });
});
