import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashFake, type UpstashFake } from "../../scripts/fakes/upstash.ts";
import { createDeduper, feishuDedupeKey, slackDedupeKey } from "../src/dedupe.ts";

describe("edge dedupe keys: what a platform repeats on a retry", () => {
  it("Slack: event_id, a slash command's trigger_id, an interaction's trigger_id or action_ts, else the body", async () => {
    expect(await slackDedupeKey(JSON.stringify({ type: "event_callback", event_id: "Ev1" }), false)).toBe("slack:event:Ev1");
    expect(await slackDedupeKey("command=%2Fops&text=help&trigger_id=1.2.abc", true)).toBe("slack:command:1.2.abc");
    const click = { type: "block_actions", trigger_id: "9.8.x", user: { id: "U1" }, actions: [{ action_ts: "123.4" }] };
    expect(await slackDedupeKey(new URLSearchParams({ payload: JSON.stringify(click) }).toString(), true)).toBe("slack:interaction:9.8.x");
    const noTrigger = { ...click, trigger_id: undefined };
    expect(await slackDedupeKey(new URLSearchParams({ payload: JSON.stringify(noTrigger) }).toString(), true)).toBe("slack:interaction:123.4:U1");
    const odd = await slackDedupeKey("not json", false);
    expect(odd).toMatch(/^slack:body:[0-9a-f]{64}$/);
    expect(await slackDedupeKey("not json", false)).toBe(odd);
    expect(await slackDedupeKey("not json either", false)).not.toBe(odd);
  });

  it("Feishu: header.event_id, v1 uuid, a card callback's token plus the action", async () => {
    expect(await feishuDedupeKey({ schema: "2.0", header: { event_id: "e-1" }, event: {} })).toBe("feishu:event:e-1");
    expect(await feishuDedupeKey({ uuid: "u-1", event: {} })).toBe("feishu:event:u-1");
    const approve = await feishuDedupeKey({ token: "c-tok", action: { value: { op: "approve" } } });
    expect(approve).toMatch(/^feishu:card:c-tok:[0-9a-f]{64}$/);
    // The same card, another button: not a duplicate.
    expect(await feishuDedupeKey({ token: "c-tok", action: { value: { op: "reject" } } })).not.toBe(approve);
  });
});

describe("edge dedupe claims in Upstash (the stand-in over redis-server)", () => {
  let upstash: UpstashFake;
  const log: string[] = [];
  beforeAll(async () => {
    upstash = await startUpstashFake();
  });
  afterAll(async () => {
    await upstash.clear();
    await upstash.stop();
  });

  it("claims once with SET NX EX 600, and a released key can be claimed again", async () => {
    const d = createDeduper({ url: upstash.url, token: upstash.token, prefix: "p:" }, (m) => void log.push(m));
    expect(await d.claim("slack:event:E1")).toBe("first");
    expect(await d.claim("slack:event:E1")).toBe("duplicate");
    expect(upstash.commands).toContainEqual(["set", "p:slack:event:E1", "1", "nx", "ex", "600"]);
    await d.release("slack:event:E1");
    expect(await d.claim("slack:event:E1")).toBe("first");
  });

  it("reports unavailable (the edge forwards anyway) without Upstash settings or when it cannot be reached", async () => {
    expect(await createDeduper({ prefix: "p:" }, () => undefined).claim("k")).toBe("unavailable");
    const down = createDeduper({ url: "http://127.0.0.1:9", token: "t", prefix: "p:" }, (m) => void log.push(m));
    expect(await down.claim("k")).toBe("unavailable");
    const wrongToken = createDeduper({ url: upstash.url, token: "wrong", prefix: "p:" }, (m) => void log.push(m));
    expect(await wrongToken.claim("k")).toBe("unavailable");
    expect(log).toContain("dedupe: redis failed");
  });
});
