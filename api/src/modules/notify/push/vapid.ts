import { notFound } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import type { PushOptions, VapidKeys } from "../../../platform/notify-transports/ports.ts";
import type { NotifyCtx } from "../notify.deps.ts";

const SETTINGS_KEY = "notify.vapid";

/**
 * The server's VAPID key pair: generated on first start and kept encrypted in `settings`, so
 * every process (and every restart) signs with the same key and browsers' subscriptions stay
 * valid. Two processes starting at once both insert; the first row wins and both read it back.
 */
export function createVapid(ctx: NotifyCtx) {
  let cached: Promise<VapidKeys> | undefined;

  async function load(): Promise<VapidKeys> {
    const transport = ctx.transports.push;
    if (!transport) throw notFound("notify.push_unavailable");
    const read = async () => {
      const row = await ctx.db.get<{ value: string }>("SELECT value FROM settings WHERE key = ?", [SETTINGS_KEY]);
      return row ? (JSON.parse(await ctx.secrets.decrypt(row.value)) as VapidKeys) : null;
    };
    const existing = await read();
    if (existing) return existing;
    const sealed = await ctx.secrets.encrypt(JSON.stringify(await transport.generateKeys()));
    await ctx.db.run(
      "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, NULL) ON CONFLICT (key) DO NOTHING",
      [SETTINGS_KEY, sealed, iso(ctx.clock.now())],
    );
    const stored = await read();
    if (!stored) throw new Error("VAPID keys vanished after insert");
    return stored;
  }

  const keys = (): Promise<VapidKeys> => {
    cached ??= load().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };

  return {
    keys,
    async details(): Promise<PushOptions["vapid"]> {
      return { ...(await keys()), subject: ctx.options.vapidSubject };
    },
  };
}

export type Vapid = ReturnType<typeof createVapid>;
