import type { InboxNotification } from "@ops/shared";
import { BUS_MAX_PAYLOAD, type Bus } from "../../../platform/bus/index.ts";
import type { Logger } from "../../../platform/logger.ts";
/**
 * Live fan-out of new inbox rows to open SSE streams. Publishing happens after the commit that stored the row,
 * so a client never sees a notification that then vanishes. Several processes behind a balancer each hold their
 * own streams: with a bus (platform/bus: Redis pub/sub, PostgreSQL LISTEN/NOTIFY) a row published by any process
 * reaches every process's streams once (the bus delivers this process's own message here at once and drops its
 * echo). Without one (tests of this hub alone) it stays in the process.
 */
export type LiveNotification = InboxNotification;

export type LiveListener = (notification: LiveNotification) => void;

export interface LiveHub {
  subscribe(userId: string, listener: LiveListener): () => void;
  publish(userId: string, notification: LiveNotification): void;
  /** Resolves once other processes' notifications are heard (the bus's subscription). */
  readonly ready: Promise<void>;
  /** Resolves when the hub closes (streams end then). */
  readonly closed: Promise<void>;
  close(): void;
  /** Open streams, for metrics and tests. */
  size(): number;
}

export const LIVE_CHANNEL = "notify.live";

/** On the bus: the notification itself, or (too large for one message) its id, read back by the receivers that need it. */
type LiveMessage = { u: string; n: LiveNotification } | { u: string; id: string };

export type LiveHubOptions = {
  bus?: Bus;
  /** a stored notification by id (for messages that carried only the id) */
  load?: (userId: string, id: string) => Promise<LiveNotification | null>;
  logger?: Logger;
};

export function createLiveHub(opts: LiveHubOptions = {}): LiveHub {
  const byUser = new Map<string, Set<LiveListener>>();
  const closing = Promise.withResolvers<void>();
  const deliver = (userId: string, notification: LiveNotification) => {
    for (const listener of [...(byUser.get(userId) ?? [])]) {
      try {
        listener(notification);
      } catch {
        // One broken stream must not starve the others.
      }
    }
  };
  // one process (SQLite): straight to the streams, as before the bus (no encoding, no copy)
  const bus = opts.bus?.driver === "local" ? undefined : opts.bus;
  const off = bus?.subscribe(LIVE_CHANNEL, (payload) => {
    let message: LiveMessage;
    try {
      message = JSON.parse(payload) as LiveMessage;
    } catch {
      return;
    }
    // most processes hold no stream of this user: nothing to read or parse further
    if (!byUser.has(message.u)) return;
    if ("n" in message) return deliver(message.u, message.n);
    void opts.load?.(message.u, message.id).then(
      (n) => n && deliver(message.u, n),
      (e: unknown) => opts.logger?.warn("live notification not read", { err: e, id: message.id }),
    );
  });
  return {
    subscribe(userId, listener) {
      let set = byUser.get(userId);
      if (!set) byUser.set(userId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && byUser.get(userId) === set) byUser.delete(userId);
      };
    },
    publish(userId, notification) {
      if (!bus) return deliver(userId, notification);
      let payload = JSON.stringify({ u: userId, n: notification } satisfies LiveMessage);
      if (Buffer.byteLength(payload) > BUS_MAX_PAYLOAD) payload = JSON.stringify({ u: userId, id: notification.id } satisfies LiveMessage);
      void bus.publish(LIVE_CHANNEL, payload).catch((e: unknown) => opts.logger?.warn("live notification not published", { err: e }));
    },
    ready: bus?.ready ?? Promise.resolve(),
    closed: closing.promise,
    close: () => {
      off?.();
      closing.resolve();
    },
    size: () => [...byUser.values()].reduce((n, s) => n + s.size, 0),
  };
}
