import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/db.ts";
import { BUS_MAX_PAYLOAD, type Bus } from "./ports.ts";

/**
 * One suite, every bus driver (like the queue's driver.contract.ts). A harness opens buses on one backend as
 * separate processes would (`crossProcess`: the local driver has only its own process), over a Store whose
 * transactions publish must wait for.
 */
export type BusHarness = {
  crossProcess: boolean;
  db: Db;
  /** Another bus on the same backend (another process's). */
  open(): Promise<Bus>;
  close(): Promise<void>;
};

/** Collects a subscriber's payloads; `next(n)` resolves once n have arrived. */
function collector(bus: Bus, channel: string) {
  const got: string[] = [];
  const waits: Array<{ n: number; resolve: () => void }> = [];
  const off = bus.subscribe(channel, (p) => {
    got.push(p);
    for (const w of waits.filter((w) => got.length >= w.n)) w.resolve();
  });
  return {
    got,
    off,
    until(n: number): Promise<void> {
      if (got.length >= n) return Promise.resolve();
      return new Promise((resolve) => waits.push({ n, resolve }));
    },
  };
}

export function runBusContract(name: string, harness: () => Promise<BusHarness>) {
  describe(`bus contract: ${name}`, () => {
    let h: BusHarness;
    let a: Bus;
    let b: Bus;
    let n = 0;
    const ch = () => `t.${++n}`;

    beforeAll(async () => {
      h = await harness();
      a = await h.open();
      b = h.crossProcess ? await h.open() : a;
      await Promise.all([a.ready, b.ready]);
    });
    afterAll(async () => {
      await h?.close();
    });

    it("delivers to this process's subscribers before publish resolves, once each", async () => {
      const channel = ch();
      const one = collector(a, channel);
      const two = collector(a, channel);
      await a.publish(channel, "hello");
      expect(one.got).toEqual(["hello"]);
      expect(two.got).toEqual(["hello"]);
      one.off();
      await a.publish(channel, "again");
      expect(one.got).toEqual(["hello"]);
      expect(two.got).toEqual(["hello", "again"]);
      two.off();
    });

    it("keeps channels apart and carries any text", async () => {
      const x = ch();
      const y = ch();
      const onX = collector(b, x);
      const onY = collector(b, y);
      const text = `a|b|c ${"中文"} \n {"json": true}`;
      await a.publish(x, text);
      await a.publish(y, "y");
      await onY.until(1);
      await onX.until(1);
      expect(onX.got).toEqual([text]);
      expect(onY.got).toEqual(["y"]);
      onX.off();
      onY.off();
    });

    it.runIf(name !== "local")("reaches every other process once, and a process hears its own message once", async () => {
      const channel = ch();
      const onA = collector(a, channel);
      const onB = collector(b, channel);
      await a.publish(channel, "1");
      await b.publish(channel, "2");
      // the markers arrive after 1 and 2 (one publisher's messages stay in order): anything doubled would be in by now
      await a.publish(channel, "end-a");
      await b.publish(channel, "end-b");
      await onA.until(4);
      await onB.until(4);
      const markersSeen = () => onA.got.includes("end-b") && onB.got.includes("end-a");
      expect(markersSeen()).toBe(true);
      expect([...onA.got].sort()).toEqual(["1", "2", "end-a", "end-b"]);
      expect([...onB.got].sort()).toEqual(["1", "2", "end-a", "end-b"]);
      onA.off();
      onB.off();
    });

    it("inside a transaction: sent at commit, dropped on rollback", async () => {
      const channel = ch();
      const onB = collector(b, channel);
      const onA = collector(a, channel);
      await expect(h.db.tx(async () => {
        await a.publish(channel, "rolled-back");
        throw new Error("rollback");
      })).rejects.toThrow("rollback");
      await h.db.tx(async () => {
        await a.publish(channel, "committed");
        expect(onA.got).toEqual([]);
      });
      await onB.until(1);
      await onA.until(1);
      expect(onA.got).toEqual(["committed"]);
      expect(onB.got).toEqual(["committed"]);
      onA.off();
      onB.off();
    });

    it("refuses a bad channel name and an oversized payload", async () => {
      await expect(a.publish("a|b", "x")).rejects.toThrow(/channel/);
      await expect(a.publish(ch(), "x".repeat(BUS_MAX_PAYLOAD + 1))).rejects.toThrow(/payload/);
      await expect(a.publish(ch(), "x".repeat(BUS_MAX_PAYLOAD))).resolves.toBeUndefined();
    });
  });
}
