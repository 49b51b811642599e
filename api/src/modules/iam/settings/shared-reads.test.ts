import { describe, expect, it } from "vitest";
import type { Db } from "../../../platform/db/db.ts";
import { sharedReads } from "./iam-cache.ts";

/** A load whose reads end when the test says, each numbered in the order it started. */
function controlledLoad() {
  const reads: Array<{ n: number; end(): void; fail(): void }> = [];
  const load = () => new Promise<number>((resolve, reject) => {
    const n = reads.length + 1;
    reads.push({ n, end: () => resolve(n), fail: () => reject(new Error(`read ${n} failed`)) });
  });
  return { reads, load };
}

const outside = { inTx: () => false } as unknown as Db;
const turn = () => new Promise<void>((r) => setTimeout(r, 0));

describe("sharedReads", () => {
  it("gives each caller a read that started after it asked, and lets the callers of one wait share the next", async () => {
    const { reads, load } = controlledLoad();
    const read = sharedReads(outside, load);
    const first = read();
    expect(reads).toHaveLength(1);
    // asked while read 1 runs: read 1 may have started before a change they must see, so they share read 2
    const second = read();
    const third = read();
    expect(reads).toHaveLength(1);
    reads[0]!.end();
    expect(await first).toBe(1);
    await turn();
    expect(reads).toHaveLength(2);
    // asked while read 2 runs: read 3
    const fourth = read();
    reads[1]!.end();
    expect([await second, await third]).toEqual([2, 2]);
    await turn();
    reads[2]!.end();
    expect(await fourth).toBe(3);
    // nothing running: a read of its own at once
    const fifth = read();
    expect(reads).toHaveLength(4);
    reads[3]!.end();
    expect(await fifth).toBe(4);
  });

  it("a failed read fails its callers only; the next callers get a read of their own", async () => {
    const { reads, load } = controlledLoad();
    const read = sharedReads(outside, load);
    const first = read();
    const second = read();
    reads[0]!.fail();
    await expect(first).rejects.toThrow("read 1 failed");
    await turn();
    reads[1]!.end();
    expect(await second).toBe(2);
  });

  it("deferFirst: the callers of one turn of the event loop share a read started once the turn ended", async () => {
    const { reads, load } = controlledLoad();
    const read = sharedReads(outside, load, { deferFirst: true });
    const a = read();
    const b = read();
    // nothing started yet: a statement that runs at once (SQLite) would otherwise serve each caller alone
    expect(reads).toHaveLength(0);
    await turn();
    expect(reads).toHaveLength(1);
    // asked while that read runs: the next one
    const c = read();
    reads[0]!.end();
    expect([await a, await b]).toEqual([1, 1]);
    await turn();
    expect(reads).toHaveLength(2);
    reads[1]!.end();
    expect(await c).toBe(2);
  });

  it("inside a transaction every read is its own", async () => {
    const { reads, load } = controlledLoad();
    const read = sharedReads({ inTx: () => true } as unknown as Db, load);
    const a = read();
    const b = read();
    expect(reads).toHaveLength(2);
    reads[0]!.end();
    reads[1]!.end();
    expect([await a, await b]).toEqual([1, 2]);
  });
});
