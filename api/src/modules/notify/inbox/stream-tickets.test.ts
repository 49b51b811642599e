import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES } from "../../../testing/harness.ts";
import { createNotifyKit, type NotifyKit } from "../notify.testkit.ts";
import { openStream } from "../sse.testkit.ts";

/** The live inbox's one-use tickets, on both store engines (spending one is an UPDATE … RETURNING). */
describe.each(ENGINES)("stream tickets (%s)", (engine) => {
  let kit: NotifyKit;
  let lina: string;
  beforeAll(async () => {
    kit = await createNotifyKit({ engine });
    lina = await kit.s.login("lina");
  });
  afterAll(() => kit?.close());

  it("opens the stream with a one-use ticket, refuses it spent or expired, and refuses ?access_token=", async () => {
    const issued = await kit.api("POST", "/notifications/stream-tickets", lina);
    expect(issued.status).toBe(201);
    const { ticket, expires_at } = issued.body.data as { ticket: string; expires_at: string };
    expect(Date.parse(expires_at) - kit.s.clock.now().getTime()).toBe(60_000);
    // SSE is never compressed, whatever the client accepts.
    const stream = await openStream(kit, { ticket, acceptEncoding: "br, gzip" });
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get("content-encoding")).toBeNull();
    expect((await stream.next()).event).toBe("ready");
    await stream.close();

    const again = await openStream(kit, { ticket });
    expect(again.res.status).toBe(401);
    expect(await again.res.json()).toMatchObject({ code: 40101, reason: "notify.stream_ticket_invalid" });

    const late = (await kit.api("POST", "/notifications/stream-tickets", lina)).body.data.ticket as string;
    kit.advance(60_001);
    expect((await openStream(kit, { ticket: late })).res.status).toBe(401);
    expect((await openStream(kit, { ticket: "made-up" })).res.status).toBe(401);

    const inUrl = await openStream(kit, { queryToken: lina });
    expect(inUrl.res.status).toBe(401);
    expect((await inUrl.res.json()).reason).toBe("notify.stream_token_in_url");
    expect((await openStream(kit, {})).res.status).toBe(401);
    // Tickets are only for signed-in users.
    expect((await kit.api("POST", "/notifications/stream-tickets")).status).toBe(401);
  });
});
