/**
 * The signal bus: "something changed" messages that every process of a deployment hears (a new inbox
 * row for a user, a revoked grant), carried by Redis pub/sub, PostgreSQL LISTEN/NOTIFY, or kept in the
 * one process (SQLite). Signals are best-effort wake-ups, not a log: a process that is down misses them,
 * so whatever must not be lost lives in the store and the signal only says "read it now".
 */
export type BusDriverName = "local" | "postgres" | "redis";

export type BusListener = (payload: string) => void;

export interface Bus {
  readonly driver: BusDriverName;
  /** This bus's id, carried by its messages, so it can tell its own echo from another process's message. */
  readonly id: string;
  /** Resolves once other processes' messages are heard (LISTEN / SUBSCRIBE acknowledged); local: at once. */
  readonly ready: Promise<void>;
  /**
   * Whether other processes' messages are heard now: false while the subscription (Redis SUBSCRIBE, PostgreSQL
   * LISTEN) is down (the driver reconnects by itself; messages sent meanwhile are lost), true again once it is back.
   * The local bus is always listening. The web role's readiness (`bus`): live updates need it.
   */
  listening(): boolean;
  /**
   * Delivers `payload` to every subscriber of `channel` in every process once: this process's at once (no
   * round trip), the others through the driver. Inside a Store transaction it waits for the commit and is
   * dropped on rollback. Payloads are at most BUS_MAX_PAYLOAD bytes (PostgreSQL NOTIFY's limit is 8000).
   */
  publish(channel: string, payload: string): Promise<void>;
  /** Subscribes in this process; returns the way to unsubscribe. */
  subscribe(channel: string, fn: BusListener): () => void;
  close(): Promise<void>;
}

/** Bytes of payload one message may carry (what is left of NOTIFY's 8000 after the envelope). */
export const BUS_MAX_PAYLOAD = 7_500;

/** Channel names: letters, digits and `_ . : -` (the envelope separates fields with `|`). */
export const BUS_CHANNEL = /^[\w.:-]{1,100}$/;
