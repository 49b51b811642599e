import type { Logger } from "../../../platform/logger.ts";

type Waiter = () => void;

/**
 * The long-polls this process holds, by table. A waiter is woken (its callback runs once, then it is
 * removed) when the table may have a new release: at once through the release side's onReleased
 * (same process, or another one through its NOTIFY), and, while anyone waits, by one fingerprint
 * query per `pollEveryMs` over the waited tables (not one per waiter), so another process's release
 * is seen within about a second even if a notification was lost. No store connection is held while
 * waiting: a waiter is a callback in a map.
 */
export function createWaiters(opts: {
  maxWaiters: number;
  pollEveryMs: number;
  fingerprints(tables: string[]): Promise<Map<string, string>>;
  logger?: Logger;
}) {
  const byTable = new Map<string, Set<Waiter>>();
  const seen = new Map<string, string>();
  /** bumped on every wake of a table, waited on or not: a reader compares it around its read */
  const generations = new Map<string, number>();
  let count = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  let polling = false;

  function wake(table: string): void {
    generations.set(table, (generations.get(table) ?? 0) + 1);
    if (generations.size > 10_000) generations.clear();
    const set = byTable.get(table);
    if (!set) return;
    byTable.delete(table);
    count -= set.size;
    for (const w of set) w();
    stopIfIdle();
  }

  async function poll(): Promise<void> {
    if (polling || byTable.size === 0) return;
    polling = true;
    try {
      const tables = [...byTable.keys()];
      const now = await opts.fingerprints(tables);
      for (const table of tables) {
        const print = now.get(table) ?? "";
        const before = seen.get(table);
        seen.set(table, print);
        // A table first polled now: its waiters check once (a release may have landed between their read and this baseline).
        if (before !== print) wake(table);
      }
    } catch (e) {
      opts.logger?.warn("config consumers: release check failed", { err: e });
    } finally {
      polling = false;
    }
  }

  function stopIfIdle(): void {
    if (count > 0 || !timer) return;
    clearInterval(timer);
    timer = null;
    // `seen` stays: a table waited on again compares with what was last seen (a change since then wakes, harmlessly)
    if (seen.size > 10_000) seen.clear();
  }

  return {
    wake,
    max: opts.maxWaiters,
    generation: (table: string) => generations.get(table) ?? 0,
    get size() {
      return count;
    },
    /** false: the cap is reached (the caller answers 503) */
    add(table: string, waiter: Waiter): (() => void) | false {
      if (count >= opts.maxWaiters) return false;
      let set = byTable.get(table);
      if (!set) byTable.set(table, (set = new Set()));
      set.add(waiter);
      count++;
      if (!timer) {
        timer = setInterval(() => void poll(), opts.pollEveryMs);
        timer.unref?.();
      }
      return () => {
        const current = byTable.get(table);
        if (current?.delete(waiter)) {
          count--;
          if (current.size === 0) byTable.delete(table);
          stopIfIdle();
        }
      };
    },
    stop(): void {
      for (const table of [...byTable.keys()]) wake(table);
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type Waiters = ReturnType<typeof createWaiters>;
