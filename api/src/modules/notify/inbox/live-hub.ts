import type { InboxNotification } from "@ops/shared";
/**
 * Live fan-out of new inbox rows to the open SSE streams of this process. Publishing happens
 * after the commit that stored the row, so a client never sees a notification that then
 * vanishes. Several processes behind a balancer each hold their own streams: a shared bus
 * (Redis pub/sub, PostgreSQL LISTEN) would plug in here as another LiveHub.
 */
export type LiveNotification = InboxNotification;

export type LiveListener = (notification: LiveNotification) => void;

export interface LiveHub {
  subscribe(userId: string, listener: LiveListener): () => void;
  publish(userId: string, notification: LiveNotification): void;
  /** Resolves when the hub closes (streams end then). */
  readonly closed: Promise<void>;
  close(): void;
  /** Open streams, for metrics and tests. */
  size(): number;
}

export function createLiveHub(): LiveHub {
  const byUser = new Map<string, Set<LiveListener>>();
  const closing = Promise.withResolvers<void>();
  return {
    subscribe(userId, listener) {
      let set = byUser.get(userId);
      if (!set) byUser.set(userId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) byUser.delete(userId);
      };
    },
    publish(userId, notification) {
      for (const listener of [...(byUser.get(userId) ?? [])]) {
        try {
          listener(notification);
        } catch {
          // One broken stream must not starve the others.
        }
      }
    },
    closed: closing.promise,
    close: () => closing.resolve(),
    size: () => [...byUser.values()].reduce((n, s) => n + s.size, 0),
  };
}
