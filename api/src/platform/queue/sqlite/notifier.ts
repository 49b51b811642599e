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
  /** Subscribe before reading state, so a wake between the read and the wait is not lost. */
  subscribe(queue: string): Subscription;
  /** Resolves once other processes' wake-ups are heard (PostgreSQL LISTEN acknowledged). */
  readonly ready: Promise<void>;
  /** This notifier's id, as carried in its NOTIFY payloads. */
  readonly id: string;
}

export const QUEUE_CHANNEL = "ops_queue";

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
  return {
    id,
    ready,
    wake: local.wake,
    subscribe: local.subscribe,
    publish(queue) {
      const send = () => {
        local.wake(queue);
        if (db.dialect === "postgres") void db.notify(QUEUE_CHANNEL, payloadFor(queue, id)).catch(() => undefined);
      };
      if (db.inTx()) db.afterCommit(send);
      else send();
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
