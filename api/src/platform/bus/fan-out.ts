import { randomBytes } from "node:crypto";
import type { Db } from "../db/db.ts";
import type { Logger } from "../logger.ts";
import { BUS_CHANNEL, BUS_MAX_PAYLOAD, type Bus, type BusDriverName, type BusListener } from "./ports.ts";

/**
 * What every driver shares: the subscribers of this process, the envelope (`<origin>|<channel>|<payload>`) and
 * the after-commit rule. A driver only moves envelopes between processes (a Transport).
 */
export type Transport = {
  /** Sends an envelope to the other processes (this one hears it too and drops it as its own echo). */
  send(envelope: string): Promise<void>;
  readonly ready: Promise<void>;
  /** whether envelopes from the other processes arrive now (the subscription is up) */
  listening(): boolean;
  close(): Promise<void>;
};

/** Hex: never contains the `|` separator. */
const newBusId = () => randomBytes(8).toString("hex");

export function encodeEnvelope(origin: string, channel: string, payload: string): string {
  return `${origin}|${channel}|${payload}`;
}

export function decodeEnvelope(envelope: string): { origin: string; channel: string; payload: string } | null {
  const a = envelope.indexOf("|");
  const b = a < 0 ? -1 : envelope.indexOf("|", a + 1);
  if (b < 0) return null;
  return { origin: envelope.slice(0, a), channel: envelope.slice(a + 1, b), payload: envelope.slice(b + 1) };
}

export function createFanOut(logger?: Logger) {
  const channels = new Map<string, Set<BusListener>>();
  return {
    emit(channel: string, payload: string): void {
      for (const fn of [...(channels.get(channel) ?? [])]) {
        try {
          fn(payload);
        } catch (e) {
          // one broken subscriber must not starve the others
          logger?.warn("bus subscriber failed", { channel, err: e });
        }
      }
    },
    subscribe(channel: string, fn: BusListener): () => void {
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      // each registration is its own, even for the same function
      const own: BusListener = (payload) => fn(payload);
      set.add(own);
      return () => {
        set.delete(own);
        if (set.size === 0 && channels.get(channel) === set) channels.delete(channel);
      };
    },
    clear: () => channels.clear(),
  };
}

/**
 * A bus over a transport (none: local only). `connect` gets the handler for envelopes from other processes and
 * returns the transport.
 */
export function busOver(
  driver: BusDriverName,
  opts: { db?: Db; logger?: Logger; connect?: (onEnvelope: (envelope: string) => void) => Transport },
): Bus {
  const id = newBusId();
  const fan = createFanOut(opts.logger);
  const transport = opts.connect?.((envelope) => {
    const m = decodeEnvelope(envelope);
    // own echo: this process's subscribers heard it at publish
    if (m && m.origin !== id) fan.emit(m.channel, m.payload);
  });
  const send = async (channel: string, payload: string) => {
    fan.emit(channel, payload);
    if (!transport) return;
    try {
      await transport.send(encodeEnvelope(id, channel, payload));
    } catch (e) {
      // a signal is a wake-up: the store holds the state, so a lost one delays, it does not corrupt
      opts.logger?.warn("bus publish failed", { channel, driver, err: e });
    }
  };
  return {
    driver,
    id,
    ready: transport?.ready ?? Promise.resolve(),
    listening: () => transport?.listening() ?? true,
    async publish(channel, payload) {
      if (!BUS_CHANNEL.test(channel)) throw new Error(`bus: bad channel name ${JSON.stringify(channel)}`);
      if (Buffer.byteLength(payload) > BUS_MAX_PAYLOAD) throw new Error(`bus: payload over ${BUS_MAX_PAYLOAD} bytes on ${channel}`);
      if (opts.db?.inTx()) opts.db.afterCommit(() => send(channel, payload));
      else await send(channel, payload);
    },
    subscribe: (channel, fn) => fan.subscribe(channel, fn),
    async close() {
      fan.clear();
      await transport?.close();
    },
  };
}
