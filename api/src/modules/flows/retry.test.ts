import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { flowsApi, sh, statuses } from "./flows.testkit.ts";

describe.each(ENGINES)("flows: retry from the failed node (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  const tok: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), "ops-flow-retry-"));
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    for (const u of ["admin", "lina", "liuyang"]) tok[u] = await s.login(u);
    await s.system.jobs.start({ worker: { concurrency: 8 }, scheduler: false });
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("re-queues the failed node and what follows on the same run and version; succeeded nodes keep their runs and outputs; audited", async () => {
    const marker = join(dir, "fixed");
    const counter = join(dir, "a-runs");
    await f.create(tok.liuyang!, {
      name: "retry-me",
      nodes: [
        sh("A", `echo x >> ${counter}; echo '{"n": 7}'`), sh("side", "echo side"),
        sh("B", `test -f ${marker} && echo fixed || (echo broken >&2; exit 3)`), sh("C", "echo got {nodes.A.output.n}"),
      ],
      edges: [{ from: "A", to: "B" }, { from: "B", to: "C" }, { from: "A", to: "side" }],
    });
    const id = (await f.run(tok.liuyang!, "retry-me")).body.data.id;
    const failed = await f.waitFinal(id);
    expect(failed.status).toBe("failed");
    expect(statuses(failed)).toEqual({ A: "succeeded", side: "succeeded", B: "failed", C: "upstream_failed" });
    const before = Object.fromEntries(failed.nodes.map((n) => [n.key, n]));
    // another's data scope: not found; a running one below: 409
    expect((await f.api("POST", `/flow-runs/${id}/retry`, tok.lina)).status).toBe(404);

    writeFileSync(marker, "");
    const retried = await f.api("POST", `/flow-runs/${id}/retry`, tok.liuyang);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.data).toMatchObject({ id, status: "running", version: 1, finished_at: null, error: null });
    expect(statuses(retried.body.data)).toMatchObject({ A: "succeeded", side: "succeeded", B: "queued", C: "pending" });
    const done = await f.waitFinal(id);
    expect(done.status).toBe("succeeded");
    const after = Object.fromEntries(done.nodes.map((n) => [n.key, n]));
    expect(after.A!.run_ids).toEqual(before.A!.run_ids);
    expect(after.side!.run_ids).toEqual(before.side!.run_ids);
    expect(after.B!.run_ids).toHaveLength(1);
    expect(after.B!.run_ids[0]).not.toBe(before.B!.run_ids[0]);
    expect(after.C!.output).toBe("got 7");
    expect(readFileSync(counter, "utf8")).toBe("x\n");
    // the failed attempt stays in the jobs' history
    expect((await f.api("GET", `/runs/${before.B!.run_ids[0]}`, tok.liuyang)).body.data).toMatchObject({ status: "failed", flow_run_id: id });
    // a succeeded run is not retried
    const again = await f.api("POST", `/flow-runs/${id}/retry`, tok.liuyang);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain("只有失败或已取消的流程运行可以重试");
    const audit = await f.api("GET", `/audit/logs?module=flows&resource_id=${id}`, tok.admin);
    expect(audit.body.data.items.map((a: { action_name: string }) => a.action_name)).toContain("从失败节点重试流程运行");
  });

  it("a cancelled run held at a wait node waits again after a retry; 409 while it runs", async () => {
    await f.create(tok.liuyang!, { name: "retry-wait", nodes: [sh("first", "echo 1"), { key: "hold", type: "wait" }, sh("last", "echo 2")], edges: [{ from: "first", to: "hold" }, { from: "hold", to: "last" }] });
    const id = (await f.run(tok.liuyang!, "retry-wait")).body.data.id;
    await f.waitUntil(id, (r) => r.status === "waiting");
    expect((await f.api("POST", `/flow-runs/${id}/retry`, tok.liuyang)).status).toBe(409);
    expect((await f.api("POST", `/flow-runs/${id}/cancel`, tok.liuyang)).status).toBe(200);
    expect((await f.api("POST", `/flow-runs/${id}/retry`, tok.liuyang)).status).toBe(200);
    const waiting = await f.waitUntil(id, (r) => r.status === "waiting");
    expect(statuses(waiting)).toEqual({ first: "succeeded", hold: "waiting", last: "pending" });
    await f.api("POST", `/flow-runs/${id}/nodes/hold/continue`, tok.liuyang, { decision: "continue" });
    expect((await f.waitFinal(id)).status).toBe("succeeded");
  });
});
