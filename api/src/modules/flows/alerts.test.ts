import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { flowsApi, sh } from "./flows.testkit.ts";

describe.each(ENGINES)("flows: alerts through notify (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  let tok: string;
  const dir = mkdtempSync(join(tmpdir(), "ops-flow-alerts-"));
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    tok = await s.login("liuyang");
    await s.system.jobs.start({ worker: { concurrency: 4 }, scheduler: false });
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const userId = async (username: string) => (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = ?", [username]))!.id;
  /** Who was sent notifications of this type about the flow (written before the run's end is seen: no waiting needed). */
  const sentTo = async (type: string, flow: string) => (await s.system.db.all<{ username: string; data: string; title: string; body: string }>(
    "SELECT u.username, n.data, n.title, n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.type = ? ORDER BY u.username, n.created_at",
    [type],
  )).filter((n) => JSON.parse(n.data).flow_name === flow);
  const runToEnd = async (flow: string) => {
    const started = await f.run(tok, flow);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return (await f.waitFinal(started.body.data.id)).id;
  };

  it("a failed run alerts the owner and named recipients within the flow's data scope once per episode; the next success sends one recovery", async () => {
    const marker = join(dir, "ok");
    const created = await f.create(tok, {
      name: "nightly-load",
      nodes: [sh("extract", "echo 1"), sh("load", `test -f ${marker} || (echo "disk full" >&2; exit 5)`)], edges: [{ from: "extract", to: "load" }],
      // chenjing (审计, scope ALL) sees 技术部's flow; lina (运营一部, DEPT) does not, so she is not sent it
      alerts: { recipients: { users: [await userId("chenjing"), await userId("lina")] } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.alerts).toEqual({ on_failure: true, recipients: { users: [await userId("chenjing"), await userId("lina")], roles: [], owner: true } });
    const first = await runToEnd("nightly-load");
    const alerts = await sentTo("flow.failed", "nightly-load");
    expect(alerts.map((a) => a.username)).toEqual(["chenjing", "liuyang"]);
    expect(alerts[0]).toMatchObject({ title: "流程 nightly-load 运行失败" });
    expect(alerts[0]!.body).toBe("失败节点：load: exit code 5");
    expect(JSON.parse(alerts[0]!.data)).toMatchObject({ card: "flow-alert", alert_kind: "failure", run_id: first, url: `/flows/runs/${first}` });
    // still failing: the episode is open, no second alert
    await runToEnd("nightly-load");
    expect(await sentTo("flow.failed", "nightly-load")).toHaveLength(2);
    expect(await sentTo("flow.recovered", "nightly-load")).toEqual([]);
    // a retry that succeeds recovers it
    writeFileSync(marker, "");
    expect((await f.api("POST", `/flow-runs/${first}/retry`, tok)).status).toBe(200);
    expect((await f.waitFinal(first)).status).toBe("succeeded");
    const recovered = await sentTo("flow.recovered", "nightly-load");
    expect(recovered.map((a) => [a.username, a.title])).toEqual([["chenjing", "流程 nightly-load 已恢复"], ["liuyang", "流程 nightly-load 已恢复"]]);
    await runToEnd("nightly-load");
    expect(await sentTo("flow.recovered", "nightly-load")).toHaveLength(2);
    // a save without alerts (the designer's) keeps them
    const saved = await f.api("PUT", "/flows/nightly-load", tok, { name: "nightly-load", nodes: [sh("extract", "echo 2")] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.data.alerts.recipients.users).toEqual([await userId("chenjing"), await userId("lina")]);
  });

  it("a wait node still waiting past the flow's wait_grace_s alerts once (test clock); the run's success recovers it", async () => {
    await f.create(tok, { name: "gated", nodes: [{ key: "gate", name: "财务确认", type: "wait" }], alerts: { wait_grace_s: 600 } });
    const id = (await f.run(tok, "gated")).body.data.id as string;
    await f.waitUntil(id, (r) => r.status === "waiting");
    const sweep = () => s.system.flows.alerts.sweepWaiting();
    expect(await sweep()).toBe(0);
    s.clock.advance(601_000);
    tok = await s.login("liuyang");
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    const [alert, ...more] = await sentTo("flow.waiting", "gated");
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ username: "liuyang", title: "流程 gated 等待处理超时", body: "节点「财务确认」已等待 10 分钟，请继续或驳回" });
    expect(JSON.parse(alert!.data)).toMatchObject({ card: "flow-alert", alert_kind: "waiting", run_id: id });
    await f.api("POST", `/flow-runs/${id}/nodes/gate/continue`, tok, { decision: "continue" });
    expect((await f.waitFinal(id)).status).toBe("succeeded");
    expect((await sentTo("flow.recovered", "gated")).map((a) => a.username)).toEqual(["liuyang"]);
  });

  it("on_failure false stays quiet; unknown recipients are refused naming the field and nothing is stored", async () => {
    await f.create(tok, { name: "quiet-flow", nodes: [sh("a", "exit 1")], alerts: { on_failure: false } });
    await runToEnd("quiet-flow");
    expect(await sentTo("flow.failed", "quiet-flow")).toEqual([]);
    const bad = await f.create(tok, { name: "ghost-flow", nodes: [sh("a", "true")], alerts: { recipients: { users: ["no-such-user"] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: "alerts.recipients.users.0", message: "用户 no-such-user 不存在" }]);
    expect((await f.api("GET", "/flows/ghost-flow", tok)).status).toBe(404);
  });
});
