/**
 * In-process wake-ups for the embedded driver. Keyed by the Db object, so every driver instance
 * over the same Store in this process hears every other's enqueues; other processes are covered
 * by the waiter's own due-time timer and its idle re-check.
 */
export type Subscription = { readonly woken: Promise<void>; cancel(): void };

export interface Notifier {
  /** Wakes every waiter on the queue (every queue when none is given). */
  wake(queue?: string): void;
  /** Subscribe before reading state, so a wake between the read and the wait is not lost. */
  subscribe(queue: string): Subscription;
}

const notifiers = new WeakMap<object, Notifier>();

export function notifierFor(owner: object): Notifier {
  let notifier = notifiers.get(owner);
  if (!notifier) {
    notifier = createNotifier();
    notifiers.set(owner, notifier);
  }
  return notifier;
}

function createNotifier(): Notifier {
  const waiters = new Map<string, Set<() => void>>();
  const drop = (queue: string, waiter: () => void) => {
    const set = waiters.get(queue);
    set?.delete(waiter);
    if (set?.size === 0) waiters.delete(queue);
  };
  return {
    wake(queue) {
      const sets = queue === undefined ? [...waiters.values()] : [waiters.get(queue)];
      for (const set of sets) for (const waiter of [...(set ?? [])]) waiter();
    },
    subscribe(queue) {
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
