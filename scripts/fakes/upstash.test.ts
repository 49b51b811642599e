import { Redis } from "@upstash/redis";
import IORedis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashFake, type UpstashFake } from "./upstash.ts";

// The real client against the stand-in: what the edge worker sends is what is served.
describe("Upstash REST stand-in", () => {
  let fake: UpstashFake;
  let redis: Redis;

  beforeAll(async () => {
    fake = await startUpstashFake();
    redis = new Redis({ url: fake.url, token: fake.token, retry: false, enableTelemetry: false });
  });
  afterAll(async () => {
    await fake.clear();
    await fake.stop();
  });

  it("answers SET NX EX the way the edge's dedupe reads it", async () => {
    expect(await redis.set("k1", "1", { nx: true, ex: 600 })).toBe("OK");
    expect(await redis.set("k1", "1", { nx: true, ex: 600 })).toBeNull();
    expect(await redis.ttl("k1")).toBeGreaterThan(590);
    expect(fake.commands.at(-1)).toEqual(["ttl", "k1"]);
  });

  it("round-trips text through base64 results, and numbers, nulls and arrays", async () => {
    await redis.set("text", "飞书 ✓ \"quoted\"");
    expect(await redis.get("text")).toBe("飞书 ✓ \"quoted\"");
    expect(await redis.incr("n")).toBe(1);
    expect(await redis.get("missing")).toBeNull();
    await redis.rpush("list", "a", "b");
    expect(await redis.lrange("list", 0, -1)).toEqual(["a", "b"]);
  });

  it("serves /pipeline and /multi-exec", async () => {
    const p = redis.pipeline();
    p.set("p1", "x");
    p.get("p1");
    p.incr("p1");
    expect(await p.exec({ keepErrors: true })).toEqual([
      { result: "OK", error: undefined },
      { result: "x", error: undefined },
      { result: undefined, error: expect.stringContaining("not an integer") },
    ]);
    const m = redis.multi();
    m.set("m1", "y");
    m.get("m1");
    expect(await m.exec()).toEqual(["OK", "y"]);
  });

  it("keeps keys under its prefix and clears them", async () => {
    const raw = new IORedis("redis://127.0.0.1:6379");
    try {
      expect(await raw.get(`${fake.keyPrefix}k1`)).toBe("1");
      await fake.clear();
      expect(await raw.keys(`${fake.keyPrefix}*`)).toEqual([]);
    } finally {
      raw.disconnect();
    }
  });

  it("refuses a wrong token and reports command errors", async () => {
    const stranger = new Redis({ url: fake.url, token: "wrong", retry: false, enableTelemetry: false });
    await expect(stranger.get("k1")).rejects.toThrow(/Unauthorized/);
    await expect(redis.eval("return redis.call('nosuchcommand')", [], [])).rejects.toThrow();
  });
});
