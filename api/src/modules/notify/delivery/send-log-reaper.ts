import { addMs, iso } from "../../../platform/clock.ts";
import type { NotifyCtx } from "../notify.deps.ts";

/**
 * Longer than any attempt can honestly take (transports time out within 30 s, leases are renewed
 * every 15 s): a row still `sending` after this belongs to a worker that died and whose job the
 * queue did not hand out again (it was dead-lettered after too many lease expiries).
 */
export const ABANDONED_AFTER_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 60_000;

/** Settles rows left `sending` by dead workers as failed; returns how many. */
export async function reapAbandoned(ctx: NotifyCtx): Promise<number> {
  const now = ctx.clock.now();
  const rows = await ctx.db.all<{ id: string }>(
    `UPDATE notify_send_log SET status = 'failed', error = 'notify.attempt_abandoned', finished_at = ?
      WHERE status = 'sending' AND created_at < ? RETURNING id`,
    [iso(now), iso(addMs(now, -ABANDONED_AFTER_MS))],
  );
  return rows.length;
}

/** Runs the sweep in the worker role, once a minute; a failed sweep is logged and tried again. */
export function startSendLogReaper(ctx: NotifyCtx): { stop(): void } {
  const timer = setInterval(() => {
    reapAbandoned(ctx).catch((err: unknown) => ctx.logger.warn("send-log sweep failed", { err }));
  }, SWEEP_EVERY_MS);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
