/**
 * Test helpers for the monitor's series: a test-only route answering any status (mounted on a test system's app,
 * behind the real request observer), requests driven through it, and the flush that writes them.
 * The alerts done-when test drives its 5xx spike with these.
 */
import { Registry } from "prom-client";
import { createLogger } from "../../../platform/logger.ts";
import { createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import { MONITOR_DEFAULTS } from "../monitor.deps.ts";
import { createMetricsPart } from "./index.ts";

/** the route label the observer gives the test route (api.requests, api.error_rate and api.latency carry it) */
export const STATUS_ROUTE = "/api/v1/test/status/:code";
const mounted = new WeakSet<object>();

/**
 * mounts `GET /api/v1/test/status/{code}` (answers that status) on the system's app, once; Hono adds no route after
 * its first request, so call it before any (or build the system with `createMonitorTestSystem`)
 */
export function mountStatusRoute(s: TestSystem): void {
  if (mounted.has(s.system.app)) return;
  mounted.add(s.system.app);
  s.system.app.get(STATUS_ROUTE, (c) => {
    const code = Number(c.req.param("code"));
    return c.json({ code: code >= 400 ? "test.status" : "ok", data: null }, code as 200);
  });
}

/** a test system with the status route mounted */
export async function createMonitorTestSystem(opts: Parameters<typeof createTestSystem>[0] = {}): Promise<TestSystem> {
  const s = await createTestSystem(opts);
  mountStatusRoute(s);
  return s;
}

/** `count` requests answered with `status` through the test route (the observer feeds the port) */
export async function driveRequests(s: TestSystem, status: number, count: number): Promise<void> {
  if (!mounted.has(s.system.app)) throw new Error("mount the status route first: createMonitorTestSystem or mountStatusRoute before any request");
  for (let i = 0; i < count; i++) {
    const r = await s.system.app.request(`/api/v1/test/status/${status}`);
    if (r.status !== status) throw new Error(`test route answered ${r.status}, not ${status}`);
    await r.arrayBuffer();
  }
}

/** writes this process's points now (the minute the test clock is in) */
export function flushMetrics(s: TestSystem): Promise<number> {
  return s.system.monitor.parts.metrics.flush();
}

/** `ok` 200s and `failed` 500s, then a flush: api.error_rate for STATUS_ROUTE is failed / (ok + failed) this minute */
export async function spike(s: TestSystem, counts: { ok: number; failed: number }): Promise<void> {
  await driveRequests(s, 200, counts.ok);
  await driveRequests(s, 500, counts.failed);
  await flushMetrics(s);
}

/** another process on the same store (its own node id and port), for multi-node series */
export function otherProcess(s: TestSystem, nodeId: string, queues: string[] = []) {
  const deps = {
    db: s.system.db, clock: s.clock, logger: createLogger("silent"), queue: s.system.queue, registry: new Registry(), queues: () => queues,
    node: { id: nodeId, roles: ["web"], version: "test", host: "other", pid: 1, startedAt: s.clock.now() },
    options: MONITOR_DEFAULTS,
  } as unknown as MonitorDeps;
  return createMetricsPart(deps);
}
