import { t } from "@ops/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { flowsApi, sh } from "./flows.testkit.ts";

const etl = (name: string, extra: Record<string, unknown> = {}) => ({
  name, description: "每日 ETL", params: { region: "cn-east" }, tags: ["etl"],
  nodes: [
    sh("extract", "echo '{\"count\": 150}'"),
    { key: "clean", type: "job", job: "clean-orders", params: { region: "{params.region}" } },
    { key: "check", type: "condition", condition: "nodes.extract.output.count > 100" },
    sh("load", "echo load {nodes.extract.output.count}"),
  ],
  edges: [{ from: "extract", to: "clean" }, { from: "clean", to: "check" }, { from: "check", to: "load", when: true }],
  ...extra,
});

describe.each(ENGINES)("flows: definitions, versions, validation (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    for (const u of ["admin", "lina", "liuyang", "chenjing"]) tok[u] = await s.login(u);
    await f.api("POST", "/jobs", tok.liuyang, { name: "clean-orders", type: "shell", config: { command: "echo cleaning" }, timeout_s: 30 });
  });
  afterAll(() => s?.close());

  it("creates version 1, saves new versions, lists with last_run, audited by name", async () => {
    const r = await f.create(tok.liuyang!, etl("daily-etl"));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.data).toMatchObject({ name: "daily-etl", version: 1, owner_department_name: "技术部", params: { region: "cn-east" }, tags: ["etl"] });
    // inline configs are stored parsed (defaults filled), like a job's
    expect(r.body.data.nodes[0].config).toEqual({ command: "echo '{\"count\": 150}'", env_allow: [] });
    const id = r.body.data.id;
    const v2 = await f.api("PUT", `/flows/${id}`, tok.liuyang, etl("daily-etl", { description: "v2" }));
    expect(v2.body.data).toMatchObject({ version: 2, description: "v2" });
    const versions = await f.api("GET", `/flows/daily-etl/versions`, tok.liuyang);
    expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.body.data[0].created_by_name).toBe("liuyang");
    expect((await f.api("GET", `/flows/${id}/versions/1`, tok.liuyang)).body.data.version).toBe(1);
    expect((await f.api("GET", `/flows/${id}/versions/9`, tok.liuyang)).status).toBe(404);
    const list = await f.api("GET", "/flows?q=daily&tag=etl", tok.liuyang);
    expect(list.body.data.items).toHaveLength(1);
    expect(list.body.data.items[0]).toMatchObject({ name: "daily-etl", last_run: null });
    const audit = await f.api("GET", `/audit/logs?module=flows&resource_id=${id}`, tok.admin);
    expect(audit.body.data.items.map((a: { action_name: string }) => a.action_name)).toEqual(["修改流程", "新建流程"]);
  });

  it("refuses bad graphs naming the field, in the caller's language, and stores nothing", async () => {
    const before = [await f.count("flows"), await f.count("flow_versions")];
    const base = etl("bad-one");
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ ...base, nodes: [...base.nodes, sh("extract", "true")] }, "nodes[4].key", t("zh-CN", "flows.node_key_taken", { key: "extract" })],
      [{ ...base, nodes: [base.nodes[0], { key: "clean", type: "job", job: "no-such-job" }, base.nodes[2], base.nodes[3]] }, "nodes[1].job", t("zh-CN", "flows.job_unknown", { job: "no-such-job" })],
      [{ ...base, nodes: [...base.nodes.slice(0, 2), { key: "check", type: "condition", condition: "nodes.extract.output.count >" }, base.nodes[3]] }, "nodes[2].condition", ""],
      [{ ...base, nodes: [...base.nodes.slice(0, 2), { key: "check", type: "condition", condition: "nodes.load.status == 'succeeded'" }, base.nodes[3]] }, "nodes[2].condition", t("zh-CN", "flows.condition_unknown_node", { node: "load" })],
      [{ ...base, edges: [...base.edges, { from: "load", to: "nowhere" }] }, "edges[3].to", t("zh-CN", "flows.edge_dangling", { key: "nowhere" })],
      [{ ...base, edges: [...base.edges, { from: "load", to: "extract" }] }, "edges", t("zh-CN", "flows.cycle", { nodes: "extract → clean → check → load → extract" })],
      [{ ...base, nodes: [sh("extract", "echo {tomorrow}"), ...base.nodes.slice(1)] }, "nodes[0].config.command", ""],
      [{ ...base, nodes: [sh("extract", "true", { params: { x: "{nodes.load.output}" } }), ...base.nodes.slice(1)] }, "nodes[0].params.x", ""],
      [{ ...base, nodes: [...base.nodes.slice(0, 3), sh("load", "echo {params.zone}")] }, "nodes[3].config.command", ""],
      [{ ...base, nodes: [{ key: "1bad", type: "shell", config: { command: "true" } }] , edges: [] }, "nodes.0.key", ""],
      [{ ...base, nodes: [{ key: "x", type: "shell", config: {} }], edges: [] }, "nodes[0].config.command", ""],
      [{ ...base, edges: [{ from: "extract", to: "clean", when: true }, ...base.edges.slice(1)] }, "edges[0].when", ""],
      [etl("Bad Name"), "name", ""],
      [etl("daily-etl"), "name", t("zh-CN", "flows.name_taken", { name: "daily-etl" })],
    ];
    for (const [body, field, message] of cases) {
      const r = await f.create(tok.liuyang!, body);
      expect([400, 409], JSON.stringify(r.body)).toContain(r.status);
      const error = r.body.errors?.find((e: { field: string }) => e.field === field);
      expect(error, `${field}: ${JSON.stringify(r.body.errors)}`).toBeDefined();
      if (message) expect(error.message).toBe(message);
      // the designer's check answers the same, with 200
      if (field !== "name" && field !== "nodes.0.key") {
        const v = await f.api("POST", "/flows/validate", tok.liuyang, { nodes: body.nodes, edges: body.edges, params: body.params });
        expect(v.status).toBe(200);
        expect(v.body.data.ok).toBe(false);
        expect(v.body.data.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    }
    expect([await f.count("flows"), await f.count("flow_versions")]).toEqual(before);
    const ok = await f.api("POST", "/flows/validate", tok.liuyang, { nodes: base.nodes, edges: base.edges, params: base.params });
    expect(ok.body.data).toEqual({ ok: true, errors: [] });
    const empty = await f.api("POST", "/flows/validate", tok.liuyang, { nodes: [], edges: [] });
    expect(empty.body.data).toEqual({ ok: false, errors: [{ field: "nodes", message: t("zh-CN", "validation.required") }] });
    const en = await s.req("POST", "/api/v1/flows?lang=en", { token: tok.liuyang, body: { ...base, edges: [...base.edges, { from: "load", to: "extract" }] } });
    expect(en.body.errors).toEqual([{ field: "edges", message: "The flow has a cycle: extract → clean → check → load → extract" }]);
  });

  it("RBAC and data scope: 运营专员 views and runs in their department, 审计人员 only views, managers write", async () => {
    expect((await f.create(tok.lina!, etl("lina-flow"))).status).toBe(403);
    expect((await f.create(tok.chenjing!, etl("audit-flow"))).status).toBe(403);
    // lina (运营一部) does not see a 技术部 flow; the auditor sees all but cannot run
    expect((await f.api("GET", "/flows/daily-etl", tok.lina)).status).toBe(404);
    expect((await f.api("GET", "/flows/daily-etl", tok.chenjing)).status).toBe(200);
    expect((await f.run(tok.chenjing!, "daily-etl")).status).toBe(403);
    const ops1 = await s.system.db.get<{ id: string }>("SELECT dept_id AS id FROM users WHERE username = 'lina'");
    const opsFlow = await f.create(tok.admin!, { name: "ops-flow", nodes: [sh("only", "true")], edges: [], owner_department_id: ops1!.id });
    expect(opsFlow.status).toBe(201);
    expect((await f.api("GET", "/flows", tok.lina)).body.data.items.map((x: { name: string }) => x.name)).toEqual(["ops-flow"]);
    // inline http header values (tokens) only for those who may edit the flow
    const feed = { name: "ops-feed", owner_department_id: ops1!.id, nodes: [{ key: "pull", type: "http", config: { url: "https://feed.example.com/x", headers: { Authorization: "Bearer t0k" } } }] };
    expect((await f.create(tok.admin!, feed)).status).toBe(201);
    expect((await f.api("GET", "/flows/ops-feed", tok.lina)).body.data.nodes[0].config.headers).toEqual({ Authorization: "***" });
    expect((await f.api("GET", "/flows/ops-feed/versions/1", tok.lina)).body.data.nodes[0].config.headers).toEqual({ Authorization: "***" });
    expect(JSON.stringify((await f.api("GET", "/flows?q=ops-feed", tok.lina)).body.data)).not.toContain("t0k");
    expect((await f.api("GET", "/flows/ops-feed", tok.admin)).body.data.nodes[0].config.headers).toEqual({ Authorization: "Bearer t0k" });
    expect((await f.api("DELETE", "/flows/ops-feed", tok.admin)).status).toBe(200);
    const out = await f.create(tok.liuyang!, { name: "elsewhere", nodes: [sh("only", "true")], owner_department_id: ops1!.id });
    expect(out.body.errors).toEqual([{ field: "owner_department_id", message: t("zh-CN", "jobs.department_out_of_scope") }]);
    const run = await f.run(tok.lina!, "ops-flow");
    expect(run.status).toBe(201);
    expect(run.body.data).toMatchObject({ flow_name: "ops-flow", trigger: "manual", triggered_by_name: "lina", version: 1 });
    // a flow with an unfinished run is not deleted (no worker runs here, so it stays queued); a flow without one is
    expect((await f.api("DELETE", "/flows/ops-flow", tok.admin)).status).toBe(409);
    expect((await f.api("POST", `/flow-runs/${run.body.data.id}/cancel`, tok.lina)).body.data.status).toBe("cancelled");
    expect((await f.api("DELETE", "/flows/ops-flow", tok.admin)).status).toBe(200);
    expect((await f.api("GET", "/flows/ops-flow", tok.admin)).status).toBe(404);
    // the run stays readable
    expect((await f.api("GET", `/flow-runs/${run.body.data.id}`, tok.lina)).body.data.nodes[0]).toMatchObject({ key: "only", status: "cancelled" });
  });
});
