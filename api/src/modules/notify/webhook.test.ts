import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyKit, logRows, type NotifyKit } from "./notify.testkit.ts";
import { signWebhook, verifyWebhook } from "./index.ts";

type Received = { body: string; signature: string; event: string | null; valid: boolean };

describe("generic webhooks", () => {
  let kit: NotifyKit;
  let admin: string;
  let receiver: ReturnType<typeof Bun.serve>;
  const received: Received[] = [];
  let secret = "";
  let failNext = 0;

  beforeAll(async () => {
    kit = await createNotifyKit();
    admin = await kit.s.login("admin");
    // A receiver that checks the signature the way a consumer would, against the test clock.
    receiver = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      async fetch(req) {
        const body = await req.text();
        const signature = req.headers.get("x-ops-signature") ?? "";
        const valid = verifyWebhook(secret, body, signature, Math.floor(kit.s.clock.now().getTime() / 1000));
        if (failNext > 0) {
          failNext--;
          return new Response("busy", { status: 502 });
        }
        received.push({ body, signature, event: req.headers.get("x-ops-event"), valid });
        return new Response(null, { status: valid ? 204 : 401 });
      },
    });
  });
  afterAll(async () => {
    await kit?.close();
    await receiver?.stop(true);
  });

  it("signs t=<ts>,v1=HMAC-SHA256(secret, `${t}.${body}`)", () => {
    const header = signWebhook("whsec_test", '{"a":1}', 1700000000);
    expect(header).toBe(`t=1700000000,v1=${new Bun.CryptoHasher("sha256", "whsec_test").update('1700000000.{"a":1}').digest("hex")}`);
    expect(verifyWebhook("whsec_test", '{"a":1}', header, 1700000100)).toBe(true);
    expect(verifyWebhook("whsec_test", '{"a":2}', header, 1700000100)).toBe(false);
    expect(verifyWebhook("whsec_test", '{"a":1}', header, 1700001000)).toBe(false);
  });

  it("posts subscribed events signed, retrying a failing endpoint", async () => {
    const created = await kit.api("POST", "/notify/webhooks", admin, { name: "ci", url: `http://127.0.0.1:${receiver.port}/hook`, types: ["deploy.finished"] });
    expect(created.status).toBe(201);
    secret = created.body.data.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await kit.api("GET", "/notify/webhooks", admin)).body.data)).not.toContain(secret);

    failNext = 1;
    const retries = () => kit.events.filter((e) => e.kind === "job" && e.outcome === "retry").length;
    const retriesBefore = retries();
    const userId = await kit.userId("lina");
    await kit.api("POST", "/notify/send", admin, { type: "job.failed", recipients: [userId], data: { title: "not subscribed" } });
    const sent = await kit.api("POST", "/notify/send", admin, { type: "deploy.finished", recipients: [userId], data: { title: "v2 live" } });
    expect(sent.body.data.webhooks).toBe(1);
    const eventId = sent.body.data.event_id as string;
    const webhookRows = async () => (await logRows(kit, { eventId })).filter((r) => r.channel === "webhook");
    await kit.until(async () => (await webhookRows()).some((r) => r.status === "retry"), "first webhook attempt failed");
    await kit.until(() => retries() > retriesBefore, "retry scheduled");
    kit.advance(1_000);
    await kit.until(async () => (await webhookRows()).some((r) => r.status === "sent"), "webhook delivered");

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ event: "deploy.finished", valid: true });
    expect(JSON.parse(received[0]!.body)).toMatchObject({ id: eventId, type: "deploy.finished", data: { title: "v2 live" }, critical: false });
    expect((await webhookRows()).map((r) => `${r.status}:${r.attempt}`)).toEqual(["retry:1", "sent:2"]);
    expect((await kit.api("DELETE", `/notify/webhooks/${created.body.data.id}`, admin)).status).toBe(200);
  });
});
