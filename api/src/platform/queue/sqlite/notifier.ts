import type { Db } from "../../db/db.ts";
import { randomToken } from "../../crypto.ts";

/**
 * Wake-ups for the embedded driver. One notifier per Store object: every driver instance over the
 * same Store in this process hears every other's enqueues at once. On PostgreSQL other processes
 * hear them too, through LISTEN/NOTIFY on QUEUE_CHANNEL (payload `<queue>|<notifier id>`; a
 * notifier ignores its own echo). So an idle worker sleeps until the next known due time or a
 * wake-up, instead of polling the table.
 */
export type Subscription = { readonly woken: Promise<void>; cancel(): void };

export interface Notifier {
  /** Wakes every waiter on the queue in this process (every queue when none is given). */
  wake(queue?: string): void;
  /** wake() here and in every other process on the Store (after the commit inside a transaction). */
  publish(queue: string): void;
  /**
   * For a statement that can send the NOTIFY itself (the enqueue): true when it should (none went out for the queue
   * within the window); false when the caller must call announce() after its commit instead.
   */
  carry(queue: string): boolean;
  /** Tells other processes (not this one) that the queue changed, coalesced (see NOTIFY_WINDOW_MS). */
  announce(queue: string): void;
  /** Sends the trailing NOTIFYs still waiting for their window now (a driver closing: jobs a drain handed back). */
  flush(): Promise<void>;
  /** Subscribe before reading state, so a wake between the read and the wait is not lost. */
  subscribe(queue: string): Subscription;
  /** Resolves once other processes' wake-ups are heard (PostgreSQL LISTEN acknowledged). */
  readonly ready: Promise<void>;
  /** This notifier's id, as carried in its NOTIFY payloads. */
  readonly id: string;
}

export const QUEUE_CHANNEL = "ops_queue";

/**
 * At most one NOTIFY per queue and process within this window: the first change of a quiet queue is announced at
 * once (from its own statement), later ones in the window by one trailing NOTIFY at its end, sent after their
 * commits, so a sleeping peer always hears of the last one. A NOTIFY holds a database-wide lock from the commit's
 * start to its end (WAL flush included), so one per enqueue serialised every enqueue: 400 enqueues/s against 2,300
 * without it on the loaded dev box.
 */
export const NOTIFY_WINDOW_MS = 20;

const notifiers = new WeakMap<Db, Notifier>();

export function notifierFor(db: Db): Notifier {
  let notifier = notifiers.get(db);
  if (!notifier) {
    notifier = createNotifier(db);
    notifiers.set(db, notifier);
  }
  return notifier;
}

/** The NOTIFY payload for a queue (also built inside the enqueue statement on PostgreSQL). */
export const payloadFor = (queue: string, id: string) => `${queue}|${id}`;

function createNotifier(db: Db): Notifier {
  const id = randomToken(9);
  const local = createLocalWaiters();
  let ready = Promise.resolve();
  if (db.dialect === "postgres") {
    ready = db.listen(QUEUE_CHANNEL, (payload) => {
      const cut = payload.lastIndexOf("|");
      if (payload.slice(cut + 1) !== id) local.wake(payload.slice(0, cut));
    }).then(
      () => undefined,
      // Without LISTEN the waiters still wake at due times and at the idle re-check.
      () => undefined,
    );
  }
  const windows = new Map<string, { lastSent: number; trailing?: ReturnType<typeof setTimeout> }>();
  const windowOf = (queue: string) => {
    let w = windows.get(queue);
    if (!w) windows.set(queue, (w = { lastSent: -Infinity }));
    return w;
  };
  const open = (queue: string) => {
    const w = windowOf(queue);
    if (w.trailing || performance.now() - w.lastSent < NOTIFY_WINDOW_MS) return false;
    w.lastSent = performance.now();
    return true;
  };
  const sending = (queue: string) => db.notify(QUEUE_CHANNEL, payloadFor(queue, id)).catch(() => undefined);
  const send = (queue: string) => void sending(queue);
  const announce = (queue: string) => {
    if (db.dialect !== "postgres") return;
    if (open(queue)) return send(queue);
    const w = windowOf(queue);
    w.trailing ??= setTimeout(() => {
      w.trailing = undefined;
      w.lastSent = performance.now();
      send(queue);
    }, Math.max(0, NOTIFY_WINDOW_MS - (performance.now() - w.lastSent)));
  };
  return {
    id,
    ready,
    wake: local.wake,
    subscribe: local.subscribe,
    carry: (queue) => db.dialect === "postgres" && open(queue),
    async flush() {
      const due: string[] = [];
      for (const [queue, w] of windows) {
        if (!w.trailing) continue;
        clearTimeout(w.trailing);
        w.trailing = undefined;
        w.lastSent = performance.now();
        due.push(queue);
      }
      await Promise.all(due.map(sending));
    },
    announce: (queue) => (db.inTx() ? db.afterCommit(() => announce(queue)) : announce(queue)),
    publish(queue) {
      const both = () => {
        local.wake(queue);
        announce(queue);
      };
      if (db.inTx()) db.afterCommit(both);
      else both();
    },
  };
}

function createLocalWaiters() {
  const waiters = new Map<string, Set<() => void>>();
  const drop = (queue: string, waiter: () => void) => {
    const set = waiters.get(queue);
    set?.delete(waiter);
    if (set?.size === 0) waiters.delete(queue);
  };
  return {
    wake(queue?: string) {
      const sets = queue === undefined ? [...waiters.values()] : [waiters.get(queue)];
      for (const set of sets) for (const waiter of [...(set ?? [])]) waiter();
    },
    subscribe(queue: string): Subscription {
      const { promise, resolve } = Promise.withResolvers<void>();
      const waiter = () => {
        drop(queue, waiter);
        resolve();
      };
      let set = waiters.get(queue);
      if (!set) waiters.set(queue, (set = new Set()));
      set.add(waiter);
      return { woken: promise, cancel: () => drop(queue, waiter) };
    },
  };
}
