import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotifyKit } from "../modules/notify/notify.testkit.ts";
import { openStream, type SseEvent } from "../modules/notify/sse.testkit.ts";
import type { TestSystem } from "../testing/harness.ts";
import { SHARING_MODES, systemPair, type Pair } from "./pair.ts";

/** Reads a stream's notifications up to (and with) the one titled `last`. */
async function titlesUntil(stream: { next(): Promise<SseEvent> }, last: string): Promise<string[]> {
  const titles: string[] = [];
  for (;;) {
    const e = await stream.next();
    if (e.event !== "notification") continue;
    titles.push((JSON.parse(e.data) as { title: string }).title);
    if (titles.at(-1) === last) return titles;
  }
}

const open = (s: TestSystem, token: string) => openStream({ s } as unknown as NotifyKit, { token });

describe.each(SHARING_MODES)("live inbox across processes (PostgreSQL, %s)", (mode) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await systemPair(mode);
  });
  afterAll(async () => pair?.close());

  it("a notification sent through process A reaches the streams held by A and by B, once each", async () => {
    const { a, b } = pair;
    const adminA = await a.login("admin");
    const adminB = await b.login("admin");
    const lina = await b.login("lina");
    const linaId = (await a.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = 'lina'"))!.id;
    const streams = [await open(a, lina), await open(b, lina), await open(b, lina)];
    for (const s of streams) expect((await s.next()).event).toBe("ready");

    const send = (s: TestSystem, token: string, title: string, body = "") =>
      s.req("POST", "/api/v1/notify/send", { token, body: { type: "job.failed", recipients: [linaId], data: { title, body } } });
    expect((await send(a, adminA, "one")).status).toBe(201);
    // too large for one bus message (PostgreSQL NOTIFY takes 8000 bytes): carried by id and read back
    expect((await send(a, adminA, "two", "x".repeat(9_000))).status).toBe(201);
    // B's streams have both; then B sends: whatever A would deliver twice (its own echo) arrives before "three"
    for (const s of streams.slice(1)) expect(await titlesUntil(s, "two")).toEqual(["one", "two"]);
    expect((await send(b, adminB, "three")).status).toBe(201);
    expect(await titlesUntil(streams[0]!, "three")).toEqual(["one", "two", "three"]);
    for (const s of streams.slice(1)) expect(await titlesUntil(s, "three")).toEqual(["three"]);
    for (const s of streams) await s.close();
  });
});
