/**
 * What the notification stand-ins (SMTP, SMS, push) share: a list of what they received that a
 * test can await by count (no sleeps), and a queue of scripted failures for the next requests.
 */
export type Recorder<T> = {
  readonly items: T[];
  add(item: T): void;
  /** Resolves once at least `count` items arrived (at once if they already did). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  clear(): void;
};

export function createRecorder<T>(): Recorder<T> {
  const items: T[] = [];
  let waiters: Array<{ count: number; resolve: (items: T[]) => void }> = [];
  const settle = () => {
    const ready = waiters.filter((w) => items.length >= w.count);
    waiters = waiters.filter((w) => items.length < w.count);
    for (const w of ready) w.resolve([...items]);
  };
  return {
    items,
    add(item) {
      items.push(item);
      settle();
    },
    waitFor(count, timeoutMs = 10_000) {
      if (items.length >= count) return Promise.resolve([...items]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${count} items, got ${items.length}`)), timeoutMs);
        waiters.push({ count, resolve: (got) => (clearTimeout(timer), resolve(got)) });
      });
    },
    clear() {
      items.length = 0;
    },
  };
}

/** Scripted failures: `fail(n, status)` makes the next n requests answer `status`. */
export function createFailures() {
  const queue: number[] = [];
  return {
    fail(count: number, status: number) {
      for (let i = 0; i < count; i++) queue.push(status);
    },
    /** The status to fail the current request with, if one is scripted. */
    take(): number | undefined {
      return queue.shift();
    },
    clear() {
      queue.length = 0;
    },
  };
}
