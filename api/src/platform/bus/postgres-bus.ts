import type { Db } from "../db/db.ts";
import type { Logger } from "../logger.ts";
import { busOver } from "./fan-out.ts";
import type { Bus } from "./ports.ts";

/** The one PostgreSQL channel every bus message travels on (the envelope names the bus channel). */
export const PG_BUS_CHANNEL = "ops_bus";

/**
 * PostgreSQL without Redis: NOTIFY on one channel, one LISTEN per process (the Store's listen connection).
 * Messages are sent after the commit (busOver), so NOTIFY runs outside the caller's transaction.
 */
export async function openPostgresBus(opts: { db: Db; logger?: Logger }): Promise<Bus> {
  const { db } = opts;
  let unlisten: Promise<() => Promise<void>> | null = null;
  // the Store's listen connection: down when it drops, up once Bun has reconnected and listens again
  let listening = false;
  const bus = busOver("postgres", {
    ...opts,
    connect: (onEnvelope) => {
      unlisten = db.listen(PG_BUS_CHANNEL, onEnvelope, (up) => (listening = up));
      return {
        ready: unlisten.then(() => undefined),
        listening: () => listening,
        send: (envelope) => db.notify(PG_BUS_CHANNEL, envelope),
        async close() {
          await (await unlisten!.catch(() => null))?.();
        },
      };
    },
  });
  await bus.ready;
  return bus;
}
