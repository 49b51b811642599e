import IORedis from "ioredis";
import type { Db } from "../db/db.ts";
import type { Logger } from "../logger.ts";
import { busOver } from "./fan-out.ts";
import type { Bus } from "./ports.ts";

/**
 * Redis pub/sub: one connection publishes, one subscribes (a subscribed connection can do nothing else), on
 * one Redis channel `<prefix>:bus`. Opening does not wait for Redis: a process whose Redis is down still starts
 * (readyz reports the queue), its messages are logged as lost and `ready` waits for the subscription.
 */
export function openRedisBus(opts: { url: string; prefix: string; db?: Db; logger?: Logger }): Bus {
  const channel = `${opts.prefix}:bus`;
  const pub = new IORedis(opts.url, { maxRetriesPerRequest: 2, connectionName: "ops-bus" });
  // SUBSCRIBE waits for Redis however long it takes: one that failed would never be made again (ioredis re-subscribes
  // after a reconnect only what was subscribed)
  const sub = new IORedis(opts.url, { maxRetriesPerRequest: null, connectionName: "ops-bus-sub" });
  let warned = false;
  const onError = (e: Error) => {
    // ioredis reconnects by itself and reports every failed try: say it once per outage
    if (!warned) opts.logger?.warn("bus: redis unreachable", { err: e.message });
    warned = true;
  };
  pub.on("error", onError);
  sub.on("error", onError);
  const reconnected = () => (warned = false);
  pub.on("ready", reconnected);
  // the subscription's state: down when the subscriber's connection closes (killed, Redis gone), up again once a
  // SUBSCRIBE on the new connection is acknowledged (ioredis re-subscribes at "ready"; this one is queued after it)
  let listening = false;
  let closing = false;
  sub.on("close", () => (listening = false));
  return busOver("redis", {
    ...opts,
    connect: (onEnvelope) => {
      sub.on("message", (from: string, message: string) => {
        if (from === channel) onEnvelope(message);
      });
      // ioredis re-subscribes after a reconnect by itself
      const ready = sub.subscribe(channel).then(() => void (listening = !closing));
      ready.catch(() => undefined);
      let first = true;
      sub.on("ready", () => {
        // the first connection's SUBSCRIBE is the one above
        if (first) return void (first = false);
        sub.subscribe(channel).then(() => (listening = !closing && sub.status === "ready"), () => undefined);
      });
      return {
        ready,
        listening: () => listening,
        send: async (envelope) => void (await pub.publish(channel, envelope)),
        async close() {
          // disconnect, not quit: quit waits for a Redis that may be gone
          closing = true;
          listening = false;
          sub.disconnect();
          pub.disconnect();
        },
      };
    },
  });
}
