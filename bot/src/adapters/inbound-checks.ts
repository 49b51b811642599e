/** Small pieces every adapter's intake needs the same way. */
import { createHash, timingSafeEqual } from "node:crypto";

/** Constant-time string equality: both sides are hashed first, so their lengths do not leak either. */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/** The platform's send time (ms since epoch, as a number or a numeric string), for InboundCommand.sentAt. */
export function sentAtOf(value: unknown): { sentAt?: number } {
  const ms = Number(value);
  return Number.isFinite(ms) && ms > 0 ? { sentAt: ms } : {};
}
