import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeInfo } from "@ops/shared/contracts/monitor.ts";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { consumersOf, runWorker } from "../../../platform/queue/index.ts";
import { createLogger } from "../../../platform/logger.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import { createNodesPart } from "./index.ts";

const api = (s: TestSystem, method: string, path: string, token?: string) => s.req(method, `/api/v1/monitor${path}`, token ? { token } : {});

/** a second process on the same store, as far as its node row goes (its own id and roles) */
function otherNode(s: TestSystem, id: string, roles: string[]) {
  const deps = {
    db: s.system.db, clock: s.clock, logger: createLogger("silent"), queue: s.system.queue, options: { heartbeatMs: 60_000 },
    node: { id, roles, version: "9.9.9", host: "other-host", pid: 4242, startedAt: s.clock.now() },
  } as unknown as MonitorDeps;
  return createNodesPart(deps);
}

describe.each(ENGINES)("monitor nodes (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  let lina: string;
  const self = () => s.system.monitor.parts.nodes;
  const byId = async (id: string) => (await api(s, "GET", `/nodes/${id}`, admin)).body.data as NodeInfo;

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    admin = await s.login("admin");
    lina = await s.login("lina");
  });
  afterAll(() => s?.close());

  it("lists each process's last report; one without a report for 30 s is silent, and up again when it reports", async () => {
    await self().beat();
    const list = await api(s, "GET", "/nodes", lina);
    expect(list.status).toBe(200);
    const me = (list.body.data as NodeInfo[]).find((n) => n.id === self().id)!;
    expect(me).toMatchObject({ status: "up", roles: ["web", "worker", "scheduler", "bot"], pid: process.pid, in_flight: 0, drain_requested_at: null });
    expect(me.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(me.rss_bytes).toBeGreaterThan(0);
    expect(me.last_seen_at).toBe(s.clock.now().toISOString());

    s.clock.advance(29_999);
    expect((await byId(self().id)).status).toBe("up");
    s.clock.advance(1);
    expect((await byId(self().id)).status).toBe("silent");
    expect(await self().counts()).toMatchObject({ up: 0, silent: 1 });
    await self().beat();
    expect(await self().counts()).toMatchObject({ up: 1, silent: 0 });
    expect((await byId(self().id)).status).toBe("up");
  });

  it("sorts live nodes first, silent then stopped ones after; a clean stop says stopped", async () => {
    const quiet = otherNode(s, `quiet-${engine}`, ["web"]);
    const gone = otherNode(s, `gone-${engine}`, ["worker"]);
    await quiet.beat();
    await gone.beat();
    await gone.stop();
    s.clock.advance(31_000);
    await self().beat();
    const ids = ((await api(s, "GET", "/nodes", admin)).body.data as NodeInfo[]).map((n) => `${n.id}:${n.status}`);
    expect(ids.indexOf(`${self().id}:up`)).toBe(0);
    expect(ids.indexOf(`quiet-${engine}:silent`)).toBeLessThan(ids.indexOf(`gone-${engine}:stopped`));
    expect((await api(s, "GET", "/nodes/nope", admin)).body.code).toBeGreaterThan(0);
    expect((await api(s, "GET", "/nodes/nope", admin)).status).toBe(404);
  });

  it("keeps the routes to their permissions", async () => {
    expect((await api(s, "GET", "/nodes")).status).toBe(401);
    expect((await api(s, "POST", `/nodes/${self().id}/drain`, lina)).status).toBe(403);
    expect((await byId(self().id)).drain_requested_at).toBeNull();
  });

  it("refuses to drain a node that is not a worker, or not up (409), and changes nothing", async () => {
    const web = otherNode(s, `web-${engine}`, ["web", "bot"]);
    await web.beat();
    const r = await api(s, "POST", `/nodes/web-${engine}/drain`, admin);
    expect(r.status).toBe(409);
    expect(r.body.message).toContain("worker");
    const silent = otherNode(s, `silent-${engine}`, ["worker"]);
    await silent.beat();
    s.clock.advance(30_000);
    await self().beat();
    const silent409 = await api(s, "POST", `/nodes/silent-${engine}/drain`, admin);
    expect(silent409.status).toBe(409);
    expect(silent409.body.reason).toBe("monitor.node_silent");
    expect((await byId(`silent-${engine}`)).drain_requested_at).toBeNull();
    expect((await api(s, "POST", "/nodes/nope/drain", admin)).status).toBe(404);
  });

  it("drains a worker: the in-flight job finishes, no new one is taken, the node says drained; audited; a second drain is 409", async () => {
    const queue = `drain-test-${engine}`;
    const started = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    const handled: string[] = [];
    runWorker(s.system.queue, queue, async (job) => {
      handled.push(job.name);
      started.resolve();
      await release.promise;
    });
    await s.system.queue.enqueue(queue, "first", {});
    await started.promise;
    const part = self();
    part.start({ onDrain: async () => void (await consumersOf(s.system.queue).drain()) });
    await part.beat();
    expect((await byId(part.id)).queues.map((q) => q.queue)).toContain(queue);

    const r = await api(s, "POST", `/nodes/${part.id}/drain`, admin);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ status: "draining", drain_requested_by: "admin" });
    await part.beat();
    expect(part.state).toBe("draining");
    expect(await byId(part.id)).toMatchObject({ status: "draining", in_flight: 1 });
    expect((await api(s, "POST", `/nodes/${part.id}/drain`, admin)).body).toMatchObject({ reason: "monitor.node_draining", message: "节点正在排空中" });

    await s.system.queue.enqueue(queue, "second", {});
    s.clock.advance(1_500);
    await part.beat();
    expect((await byId(part.id)).queues.find((q) => q.queue === queue)).toMatchObject({ waiting: 1, active: 1, lag_ms: 1_500 });
    release.resolve();
    await part.drained();
    await part.beat();
    expect(await byId(part.id)).toMatchObject({ status: "drained", in_flight: 0 });
    expect(handled).toEqual(["first"]);
    expect((await s.system.queue.stats(queue)).waiting).toBe(1);
    expect((await api(s, "POST", `/nodes/${part.id}/drain`, admin)).status).toBe(409);

    const audit = await s.system.db.all<{ action: string; resource_id: string; status: number }>(
      "SELECT action, resource_id, status FROM audit_logs WHERE module = 'monitor' AND action = 'node.drain' ORDER BY seq",
    );
    expect(audit.filter((a) => a.status === 200)).toEqual([{ action: "node.drain", resource_id: part.id, status: 200 }]);
    expect(audit.filter((a) => a.status === 409).length).toBeGreaterThan(0);
  });

  it("prunes rows not heard of for 7 days", async () => {
    const old = otherNode(s, `old-${engine}`, ["web"]);
    await old.beat();
    await old.stop();
    s.clock.advance(7 * 86_400_000 + 1_000);
    const fresh = otherNode(s, `fresh-${engine}`, ["web"]);
    await fresh.beat(); // its first report prunes
    admin = await s.login("admin");
    expect((await api(s, "GET", `/nodes/old-${engine}`, admin)).status).toBe(404);
    expect((await api(s, "GET", `/nodes/fresh-${engine}`, admin)).status).toBe(200);
  });
});
