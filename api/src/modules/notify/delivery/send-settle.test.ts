import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";

/**
 * A sent attempt's log row and its delivery's status change together. The cluster test SIGKILLed a worker between
 * the two: the row said sent, the delivery stayed queued, and the job's next holder sent it again with no
 * interrupted attempt on record (sent twice). Simulated here by making the delivery's update fail once (a trigger):
 * the row must not say sent while the delivery does not.
 */
describe("a sent attempt settles its delivery in the same transaction", () => {
  let kit: NotifyKit;
  let admin: string;
  let receiver: Bun.Server<undefined>;
  const received: Array<string | null> = [];

  beforeAll(async () => {
    kit = await createNotifyKit({ env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1" } });
    admin = await kit.s.login("admin");
    receiver = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch(req) {
        received.push(req.headers.get("x-ops-delivery"));
        return new Response(null, { status: 204 });
      },
    });
  });
  afterAll(async () => {
    await kit?.close();
    await receiver?.stop(true);
  });

  it("leaves no sent row behind a delivery that is not sent, and ends sent once", async () => {
    const db = kit.s.system.db;
    await db.run(`CREATE TRIGGER settle_dies BEFORE UPDATE OF status ON notify_deliveries WHEN NEW.status = 'sent'
      BEGIN SELECT RAISE(ABORT, 'the worker died here'); END`);
    const hook = await kit.api("POST", "/notify/webhooks", admin, { name: "r", url: `http://127.0.0.1:${receiver.port}/hook`, types: ["deploy.finished"] });
    expect(hook.status).toBe(201);
    const sent = await kit.api("POST", "/notify/send", admin, { type: "deploy.finished", recipients: [await kit.userId("lina")], data: { title: "v4" } });
    const eventId = sent.body.data.event_id as string;
    const webhookRows = async () => (await logRows(kit, { eventId })).filter((r) => r.channel === "webhook");
    await kit.until(async () => (await webhookRows()).some((r) => r.status !== "sending"), "the first attempt ended");
    const delivery = async () => (await db.get<{ status: string }>("SELECT status FROM notify_deliveries WHERE id = ?", [(await webhookRows())[0]!.delivery_id]))!.status;
    expect(await delivery()).toBe("queued");
    expect((await webhookRows()).filter((r) => r.status === "sent")).toEqual([]);

    await db.run("DROP TRIGGER settle_dies");
    kit.advance(10 * 60_000);
    await kit.until(async () => (await delivery()) === "sent", "the retry delivered");
    expect((await webhookRows()).filter((r) => r.status === "sent")).toHaveLength(1);
    expect(received).toHaveLength(2);
  });
});
