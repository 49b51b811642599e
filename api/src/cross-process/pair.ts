import { createTestSystem, type TestSystem } from "../testing/harness.ts";
import { TEST_REDIS_URL, deleteKeys } from "../platform/queue/driver.harness.ts";

/**
 * Two processes of one deployment, as tests build them: two whole systems (each its own Store object, pool, bus,
 * limiter, queue driver) over the same PostgreSQL database, on one test clock. `listen`: PostgreSQL alone
 * (LISTEN/NOTIFY, the rate_limits table); `redis`: PostgreSQL + REDIS_URL (pub/sub, Lua counters, BullMQ) under a
 * key prefix of this pair's own, deleted at close.
 */
export type SharingMode = "listen" | "redis";
export const SHARING_MODES: SharingMode[] = ["listen", "redis"];

export type Pair = { a: TestSystem; b: TestSystem; close(): Promise<void> };

export async function systemPair(mode: SharingMode, opts: { demoSeeders?: readonly string[]; env?: Record<string, string> } = {}): Promise<Pair> {
  const prefix = `ops-pair-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const env = { ...opts.env, ...(mode === "redis" ? { REDIS_URL: TEST_REDIS_URL, OPS_QUEUE_PREFIX: prefix } : {}) };
  const demoSeeders = opts.demoSeeders ?? ["company"];
  const a = await createTestSystem({ engine: "postgres", env, demoSeeders });
  let b: TestSystem | undefined;
  try {
    b = await createTestSystem({ shareDatabaseWith: a, env, demoSeeders });
    // each hears the other from here on
    await Promise.all([a.system.notify.hub.ready, b.system.notify.hub.ready]);
  } catch (e) {
    await a.close();
    throw e;
  }
  const second = b;
  return {
    a, b: second,
    async close() {
      await second.close();
      await a.close();
      if (mode === "redis") await deleteKeys(prefix);
    },
  };
}
