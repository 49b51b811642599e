import { t } from "@ops/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyKit, type NotifyKit } from "../notify.testkit.ts";
import { openStream } from "../sse.testkit.ts";

let kit: NotifyKit;
let admin: string;
let lina: string;
let linaId: string;

beforeAll(async () => {
  kit = await createNotifyKit({ options: { heartbeatMs: 50 } });
  admin = await kit.s.login("admin");
  lina = await kit.s.login("lina");
  linaId = await kit.userId("lina");
});
afterAll(() => kit?.close());

describe("in-app inbox and live stream", () => {
  it("streams a new notification live after the send commits, and counts it unread", async () => {
    const stream = await openStream(kit, { token: lina });
    expect(stream.res.headers.get("content-type")).toContain("text/event-stream");
    const ready = await stream.next();
    expect(ready.event).toBe("ready");
    const before = JSON.parse(ready.data).unread_count as number;

    const sent = await kit.api("POST", "/notify/send", admin, { type: "job.failed", recipients: [linaId], data: { title: "Job nightly failed", body: "exit 1" } });
    expect(sent.status).toBe(201);
    const live = await stream.next();
    expect(live.event).toBe("notification");
    const n = JSON.parse(live.data);
    expect(n).toMatchObject({ type: "job.failed", title: "Job nightly failed", body: "exit 1", read: false, critical: false });
    expect(live.id).toBe(n.id);
    await stream.close();

    expect((await kit.api("GET", "/notifications/unread-count", lina)).body.data.count).toBe(before + 1);
    const unread = await kit.api("GET", "/notifications?unread=true", lina);
    expect(unread.body.data.items.map((i: { id: string }) => i.id)).toContain(n.id);
  });

  it("marks one read, refuses another user's notification, and marks all read", async () => {
    await kit.api("POST", "/notify/send", admin, { type: "ticket.assigned", recipients: [linaId], data: { title: "T-1" } });
    await kit.api("POST", "/notify/send", admin, { type: "ticket.assigned", recipients: [linaId], data: { title: "T-2" } });
    const items = (await kit.api("GET", "/notifications?unread=true&type=ticket.assigned", lina)).body.data.items as Array<{ id: string; title: string }>;
    expect(items.map((i) => i.title)).toEqual(["T-2", "T-1"]);

    const other = await kit.s.login("wangfang");
    expect((await kit.api("POST", `/notifications/${items[0]!.id}/read`, other)).status).toBe(404);
    const read = await kit.api("POST", `/notifications/${items[0]!.id}/read`, lina);
    expect(read.body.data).toMatchObject({ id: items[0]!.id, read: true });
    expect((await kit.api("GET", "/notifications?unread=false&type=ticket.assigned", lina)).body.data.items).toHaveLength(1);

    const all = await kit.api("POST", "/notifications/read-all", lina);
    expect(all.body.data.updated).toBeGreaterThanOrEqual(1);
    expect((await kit.api("GET", "/notifications/unread-count", lina)).body.data.count).toBe(0);
  });

  it("keeps the stream open with heartbeat comments and unsubscribes an aborted stream", async () => {
    const stream = await openStream(kit, { token: lina });
    expect((await stream.next()).event).toBe("ready");
    expect(await stream.nextComment()).toBe("ping");
    await stream.close();
    // The server side unsubscribes on abort; give the event loop a few turns (no timer involved).
    for (let turns = 0; kit.notify.hub.size() > 0 && turns < 50; turns++) await new Promise((resolve) => setImmediate(resolve));
    expect(kit.notify.hub.size()).toBe(0);
  });

  it("refuses unknown recipients and stores nothing", async () => {
    const before = (await kit.api("GET", "/notifications/unread-count", lina)).body.data.count;
    const r = await kit.api("POST", "/notify/send", admin, { type: "job.failed", recipients: [linaId, "no-such-user"], data: {} });
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe("notify.unknown_recipients");
    expect((await kit.api("GET", "/notifications/unread-count", lina)).body.data.count).toBe(before);
    const bad = await kit.api("POST", "/notify/send", admin, { type: "Bad Type", recipients: [linaId] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: "type", message: t("zh-CN", "notify.invalid_type") });
  });

  it("lets only holders of notify:send send", async () => {
    const r = await kit.api("POST", "/notify/send", lina, { type: "job.failed", recipients: [linaId] });
    expect(r.status).toBe(403);
  });
});
