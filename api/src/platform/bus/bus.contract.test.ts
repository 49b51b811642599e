import { describe, expect, it } from "vitest";
import { openDb, type Db } from "../db/db.ts";
import { testDatabase } from "../../testing/databases.ts";
import { TEST_REDIS_URL } from "../queue/driver.harness.ts";
import { runBusContract } from "./bus.contract.ts";
import { createLocalBus } from "./local-bus.ts";
import { openPostgresBus } from "./postgres-bus.ts";
import { openRedisBus } from "./redis-bus.ts";
import type { Bus } from "./ports.ts";

/** Buses and Stores to close after a suite. */
function closing() {
  const buses: Bus[] = [];
  const dbs: Db[] = [];
  return {
    buses, dbs,
    async close() {
      for (const bus of buses) await bus.close();
      for (const db of dbs) await db.close();
    },
  };
}

describe("local bus", () => {
  runBusContract("local", async () => {
    const c = closing();
    const db = await openDb("sqlite://:memory:");
    c.dbs.push(db);
    return { crossProcess: false, db, open: async () => (c.buses.push(createLocalBus({ db })), c.buses.at(-1)!), close: c.close };
  });
});

describe("postgres bus", () => {
  runBusContract("postgres", async () => {
    const c = closing();
    const tdb = await testDatabase("postgres");
    // each bus on a Store of its own, as separate processes have
    const db = await openDb(tdb.url, { poolMax: 2 });
    c.dbs.push(db);
    let first = true;
    return {
      crossProcess: true, db,
      async open() {
        const own = first ? db : await openDb(tdb.url, { poolMax: 2 });
        if (!first) c.dbs.push(own);
        first = false;
        const bus = await openPostgresBus({ db: own });
        c.buses.push(bus);
        return bus;
      },
      async close() {
        await c.close();
        await tdb.drop();
      },
    };
  });
});

describe("redis bus", () => {
  runBusContract("redis", async () => {
    const c = closing();
    const db = await openDb("sqlite://:memory:");
    c.dbs.push(db);
    const prefix = `ops-bus-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    return {
      crossProcess: true, db,
      async open() {
        const bus = openRedisBus({ url: TEST_REDIS_URL, prefix, db });
        c.buses.push(bus);
        return bus;
      },
      // pub/sub keeps no keys under the prefix
      close: c.close,
    };
  });
});

describe("redis bus, Redis down at start", () => {
  it("opens at once, and close() does not wait for Redis", async () => {
    const bus = openRedisBus({ url: "redis://127.0.0.1:1", prefix: "ops-bus-down" });
    const got: string[] = [];
    bus.subscribe("c", (p) => got.push(p));
    // this process's subscribers still hear it; the lost send is logged, not thrown
    await bus.publish("c", "local");
    expect(got).toEqual(["local"]);
    await bus.close();
  });
});
