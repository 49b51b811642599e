import type { TestSystem } from "../../testing/harness.ts";
import type { EmbeddedQueueDriver } from "../../platform/queue/index.ts";
import { untilSignalled } from "../../testing/until.ts";
import { verifyWebhookSignature } from "./index.ts";

export type Received = {
  path: string; body: any; raw: string; event: string | null; delivery: string | null; timestamp: string | null; valid: boolean; status: number;
};

/**
 * A receiver on 127.0.0.1 that checks each request's signature the way a consumer would (against
 * the test clock), answers 200, or 500 for the next `fail(path)` requests to a path, and records all.
 */
export function startReceiver(s: () => TestSystem, secrets: Map<string, string>) {
  const received: Received[] = [];
  const failures = new Map<string, number>();
  const listeners = new Set<() => void>();
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req): Promise<Response> {
      const path = new URL(req.url).pathname;
      const raw = await req.text();
      const headers = { timestamp: req.headers.get("x-ops-timestamp"), signature: req.headers.get("x-ops-signature") };
      const valid = verifyWebhookSignature(secrets.get(path) ?? "", headers, raw, Math.floor(s().clock.now().getTime() / 1000));
      const failing = failures.get(path) ?? 0;
      if (failing) failures.set(path, failing - 1);
      const status = failing ? 500 : valid ? 200 : 401;
      received.push({ path, raw, body: JSON.parse(raw), event: req.headers.get("x-ops-event"), delivery: req.headers.get("x-ops-delivery"), timestamp: headers.timestamp, valid, status });
      for (const l of listeners) l();
      return new Response(failing ? "boom: try later" : "ok", { status });
    },
  });
  return {
    server,
    received,
    url: (path: string) => `http://127.0.0.1:${server.port}${path}`,
    at: (path: string) => received.filter((r) => r.path === path),
    fail: (path: string, times = 1) => void failures.set(path, times),
    onRequest(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export type Receiver = ReturnType<typeof startReceiver>;

/** Resolves once `check` holds, re-checked after every webhook event and every request the receiver gets. */
export function until(s: TestSystem, receiver: Receiver, check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  return untilSignalled([(wake) => s.system.webhooks.events.on(wake), (wake) => receiver.onRequest(wake)], check, () => what, timeoutMs);
}

/** Moves the test clock and wakes the queue's waiters (a retry falls due). */
export function advance(s: TestSystem, ms: number): void {
  s.clock.advance(ms);
  (s.system.queue as Partial<EmbeddedQueueDriver>).nudge?.();
}
