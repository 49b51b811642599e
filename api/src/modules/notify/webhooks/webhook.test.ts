import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";
import { signWebhook, verifyWebhook } from "../index.ts";

type Received = { path: string; body: string; signature: string; event: string | null; delivery: string | null; valid: boolean; status: number };

/** A receiver that checks the signature the way a consumer would, against the test clock. */
function startReceiver(kit: () => NotifyKit, secret: () => string) {
  const received: Received[] = [];
  let failNext = 0;
  const server: Bun.Server<undefined> = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req): Promise<Response> {
      const path = new URL(req.url).pathname;
      const body = await req.text();
      const signature = req.headers.get("x-ops-signature") ?? "";
      const valid = verifyWebhook(secret(), body, signature, Math.floor(kit().s.clock.now().getTime() / 1000));
      const status = path === "/redirect" ? 302 : failNext > 0 ? (failNext--, 502) : valid ? 204 : 401;
      received.push({ path, body, signature, event: req.headers.get("x-ops-event"), delivery: req.headers.get("x-ops-delivery"), valid, status });
      return new Response(status === 502 ? "busy" : null, { status, headers: status === 302 ? { location: `http://127.0.0.1:${server.port}/hook` } : {} });
    },
  });
  return { server, received, failOnce: () => void (failNext = 1) };
}

describe("generic webhooks (OPS_WEBHOOK_ALLOW_PRIVATE=1: the receiver is on 127.0.0.1)", () => {
  let kit: NotifyKit;
  let admin: string;
  let secret = "";
  let receiver: ReturnType<typeof startReceiver>;

  beforeAll(async () => {
    kit = await createNotifyKit({ env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1" } });
    admin = await kit.s.login("admin");
    receiver = startReceiver(() => kit, () => secret);
  });
  afterAll(async () => {
    await kit?.close();
    await receiver?.server.stop(true);
  });

  it("signs t=<ts>,v1=HMAC-SHA256(secret, `${t}.${body}`)", () => {
    const header = signWebhook("whsec_test", '{"a":1}', 1700000000);
    expect(header).toBe(`t=1700000000,v1=${new Bun.CryptoHasher("sha256", "whsec_test").update('1700000000.{"a":1}').digest("hex")}`);
    expect(verifyWebhook("whsec_test", '{"a":1}', header, 1700000100)).toBe(true);
    expect(verifyWebhook("whsec_test", '{"a":2}', header, 1700000100)).toBe(false);
    expect(verifyWebhook("whsec_test", '{"a":1}', header, 1700001000)).toBe(false);
  });

  it("posts subscribed events signed, retrying a failing endpoint with the same X-OPS-Delivery id", async () => {
    const created = await kit.api("POST", "/notify/webhooks", admin, { name: "ci", url: `http://127.0.0.1:${receiver.server.port}/hook`, types: ["deploy.finished"] });
    expect(created.status).toBe(201);
    secret = created.body.data.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await kit.api("GET", "/notify/webhooks", admin)).body.data)).not.toContain(secret);

    receiver.failOnce();
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

    const attempts = receiver.received.filter((r) => r.path === "/hook");
    expect(attempts.map((r) => r.status)).toEqual([502, 204]);
    const accepted = attempts[1]!;
    expect(accepted).toMatchObject({ event: "deploy.finished", valid: true });
    expect(JSON.parse(accepted.body)).toMatchObject({ id: eventId, type: "deploy.finished", data: { title: "v2 live" }, critical: false });
    // Both attempts name the same delivery, which the receiver can use to drop a duplicate.
    const rows = await webhookRows();
    expect(attempts[0]!.delivery).toBe(rows[0]!.delivery_id);
    expect(attempts[1]!.delivery).toBe(attempts[0]!.delivery);
    expect(JSON.parse(accepted.body).delivery_id).toBe(accepted.delivery);
    expect(rows.map((r) => `${r.status}:${r.attempt}`)).toEqual(["retry:1", "sent:2"]);
    expect((await kit.api("DELETE", `/notify/webhooks/${created.body.data.id}`, admin)).status).toBe(200);
  });

  it("does not follow a redirect: the attempt fails and nothing else is requested", async () => {
    const created = await kit.api("POST", "/notify/webhooks", admin, { name: "moved", url: `http://127.0.0.1:${receiver.server.port}/redirect`, types: ["moved.test"] });
    secret = created.body.data.secret;
    const before = receiver.received.length;
    const sent = await kit.api("POST", "/notify/send", admin, { type: "moved.test", recipients: [await kit.userId("lina")], data: { title: "x" } });
    const eventId = sent.body.data.event_id as string;
    await kit.until(async () => (await logRows(kit, { eventId })).some((r) => r.channel === "webhook" && r.status === "failed"), "redirect refused");
    const row = (await logRows(kit, { eventId })).find((r) => r.channel === "webhook")!;
    expect(row.error).toContain("webhook 302");
    expect(receiver.received.slice(before).map((r) => r.path)).toEqual(["/redirect"]);
    await kit.api("DELETE", `/notify/webhooks/${created.body.data.id}`, admin);
  });
});

describe("webhook targets inside the network are refused (default)", () => {
  let kit: NotifyKit;
  let admin: string;
  let receiver: ReturnType<typeof startReceiver>;
  // Stand-in DNS: names a resolver could return for an attacker's domain.
  const dns: Record<string, string[]> = {
    "internal.example.test": ["10.1.2.3"],
    "mixed.example.test": ["93.184.216.34", "192.168.1.10"],
    "public.example.test": ["93.184.216.34"],
  };

  beforeAll(async () => {
    kit = await createNotifyKit({
      webhookLookup: async (host) => {
        const addresses = dns[host];
        if (!addresses) throw new Error(`ENOTFOUND ${host}`);
        return addresses;
      },
    });
    admin = await kit.s.login("admin");
    receiver = startReceiver(() => kit, () => "");
  });
  afterAll(async () => {
    await kit?.close();
    await receiver?.server.stop(true);
  });

  it("answers 400 on url at configuration for loopback, private, link-local and mapped addresses", async () => {
    const refused = [
      "http://127.0.0.1:8080/hook", "http://127.1.2.3/", "http://10.0.0.5/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
      "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
      "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a00:1]/", "http://localhost:8787/", "http://api.localhost/",
      "http://2130706433/", "http://0x7f.1/", "http://internal.example.test/hook", "http://mixed.example.test/hook",
    ];
    for (const url of refused) {
      const r = await kit.api("POST", "/notify/webhooks", admin, { name: "x", url, types: ["*"] });
      expect(r.status, url).toBe(400);
      expect(r.body.errors, url).toEqual([{ field: "url", message: "Webhook 地址不能指向本机、内网或链路本地地址" }]);
    }
    for (const url of ["https://public.example.test/hook", "https://172.32.0.1/", "https://8.8.8.8/", "https://[2001:4860:4860::8888]/"]) {
      const r = await kit.api("POST", "/notify/webhooks", admin, { name: "ok", url, types: ["never.sent"] });
      expect(r.status, url).toBe(201);
    }
  });

  it("refuses at send time a name that now resolves to a private address, without connecting", async () => {
    dns["rebind.example.test"] = ["93.184.216.34"];
    const created = await kit.api("POST", "/notify/webhooks", admin, { name: "rebind", url: `http://rebind.example.test:${receiver.server.port}/hook`, types: ["rebind.test"] });
    expect(created.status).toBe(201);
    dns["rebind.example.test"] = ["127.0.0.1"];
    const sent = await kit.api("POST", "/notify/send", admin, { type: "rebind.test", recipients: [await kit.userId("lina")], data: { title: "x" } });
    const eventId = sent.body.data.event_id as string;
    await kit.until(async () => (await logRows(kit, { eventId })).some((r) => r.channel === "webhook" && r.status === "failed"), "send refused");
    const rows = (await logRows(kit, { eventId })).filter((r) => r.channel === "webhook");
    // Refused for good at once: a private target does not become public by retrying.
    expect(rows.map((r) => `${r.status}:${r.attempt}`)).toEqual(["failed:1"]);
    expect(rows[0]!.error).toContain("private");
    expect(receiver.received).toEqual([]);
  });
});
