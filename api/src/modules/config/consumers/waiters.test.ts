import { describe, expect, it } from "vitest";
import { createWaiters } from "./waiters.ts";

/** The long-poll hub on its own: the cap, wake-ups, the once-a-second check for other processes' releases. */
describe("config long-poll waiters", () => {
  it("caps the waiters, wakes a table's waiters once, and forgets removed ones", () => {
    const w = createWaiters({ maxWaiters: 2, pollEveryMs: 60_000, fingerprints: async () => new Map() });
    const woke: string[] = [];
    const a = w.add("rates", () => woke.push("a"));
    const b = w.add("fx", () => woke.push("b"));
    expect(w.add("rates", () => woke.push("c"))).toBe(false);
    expect(w.size).toBe(2);
    (b as () => void)();
    expect(w.size).toBe(1);
    const g = w.generation("rates");
    w.wake("rates");
    w.wake("rates");
    expect(woke).toEqual(["a"]);
    expect(w.generation("rates")).toBe(g + 2);
    expect(w.size).toBe(0);
    expect(typeof a).toBe("function");
    w.stop();
  });

  it("a release made by another process (no signal here) wakes the waiters through one query per tick over the waited tables", async () => {
    let print = "1:0";
    const asked: string[][] = [];
    const w = createWaiters({
      maxWaiters: 10, pollEveryMs: 20,
      fingerprints: async (tables) => {
        asked.push([...tables].sort());
        return new Map(tables.map((t) => [t, t === "rates" ? print : "x"]));
      },
    });
    // the first check of a table is its baseline, and its waiters look once (a release may have landed just before)
    await new Promise<void>((resolve) => w.add("rates", resolve));
    let woken = false;
    w.add("rates", () => (woken = true));
    w.add("rates", () => {});
    w.add("fx", () => {});
    await new Promise((r) => setTimeout(r, 80));
    expect(woken).toBe(false);
    print = "2:0";
    const end = Date.now() + 2000;
    while (!woken && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    expect(woken).toBe(true);
    // one query per tick for all waiters, naming each waited table once
    expect(asked.every((tables) => new Set(tables).size === tables.length)).toBe(true);
    expect(asked).toContainEqual(["fx", "rates"]);
    w.stop();
    expect(w.size).toBe(0);
  });
});
