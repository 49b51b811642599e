import type { FlowRun } from "@ops/shared/contracts/flows.ts";
import { describe, expect, it } from "vitest";
import { answerAction } from "./actions.ts";
import { createApiClient } from "./api-client.ts";
import type { AnswerCtx } from "./answer.ts";
import { cardOf } from "./card-of.ts";
import { answerCommand } from "./commands.ts";

/**
 * `flow run` and the flow-run card's buttons against a stubbed API: what the bot asks for (method,
 * path, body, as whom) and how it answers. The end-to-end tests run them against the real flows API.
 */
const at = "2026-12-03T06:00:00Z";
const run = (over: Partial<FlowRun> = {}): FlowRun => ({
  id: "fr_1", flow_id: "fl_1", flow_name: "month-end", version: 3, status: "waiting", trigger: "manual", triggered_by: "u1", triggered_by_name: "lina",
  params: { month: "2026-11" }, queued_at: at, started_at: at, finished_at: null, duration_ms: null, error: null,
  nodes: [
    { key: "extract", name: "extract", type: "job", status: "succeeded", run_ids: ["r1"], started_at: at, finished_at: at, duration_ms: 1200 },
    { key: "approve", name: "财务确认", type: "wait", status: "waiting", run_ids: [], started_at: at, finished_at: null, duration_ms: null },
    { key: "load", name: "load", type: "job", status: "pending", run_ids: [], started_at: null, finished_at: null, duration_ms: null },
  ],
  ...over,
});

type Call = { method: string; path: string; body: unknown; authorization: string | null };

function stub(permissions: string[], routes: Record<string, (body: unknown) => { status: number; body: unknown }>) {
  const calls: Call[] = [];
  const fetch = async (req: Request) => {
    const path = new URL(req.url).pathname;
    const body = req.method === "GET" ? null : await req.json().catch(() => null);
    calls.push({ method: req.method, path, body, authorization: req.headers.get("authorization") });
    if (path === "/api/v1/auth/me") return Response.json({ code: 0, data: { id: "u1", username: "lina", permissions, locale: "zh-CN", roles: [] } });
    const route = routes[`${req.method} ${path}`];
    if (!route) return Response.json({ code: 40401, reason: "common.not_found", message: "not found" }, { status: 404 });
    const out = route(body);
    return Response.json(out.body, { status: out.status });
  };
  const ctx: AnswerCtx = {
    api: createApiClient({ fetch, botKey: "k" }), caller: { kind: "web", authorization: "Bearer t", locale: "zh-CN" }, platform: "web",
    externalUserId: "lina", prefix: "", locale: "zh-CN", logger: { debug() {}, info() {}, warn() {}, error() {} } as unknown as AnswerCtx["logger"],
  };
  return { calls, ctx };
}

const ok = (data: unknown) => ({ status: 200, body: { code: 0, data } });

describe("flow run in chat (stubbed API)", () => {
  it("starts the flow with the caller's params and answers the flow-run card registered as flow_run", async () => {
    const { calls, ctx } = stub(["flows:run"], { "POST /api/v1/flows/month-end/runs": () => ({ status: 201, body: { code: 0, data: run() } }) });
    const [answer] = await answerCommand(ctx, "流程 运行 month-end month=2026-11");
    expect(calls.at(-1)).toMatchObject({ method: "POST", path: "/api/v1/flows/month-end/runs", body: { params: { month: "2026-11" } }, authorization: "Bearer t" });
    expect(answer).toMatchObject({ kind: "flow-run", entity: { type: "flow_run", id: "fr_1" } });
    expect(answer!.card.header).toMatchObject({ title: "流程 month-end", subtitle: "等待处理 · 版本 3 · 运行 fr_1", tone: "warning" });
    const text = JSON.stringify(answer!.card);
    expect(text).toContain("手动 · lina");
    expect(text).toContain("✅ 成功");
    expect(text).toContain("⏸️ 等待处理");
    expect(text).toContain('"action":"flow.continue","value":{"run_id":"fr_1","node":"approve"}');
  });

  it("names the permission without calling the flows API when the caller lacks flows:run", async () => {
    const { calls, ctx } = stub(["jobs:view"], {});
    const [answer] = await answerCommand(ctx, "flow run month-end");
    expect(JSON.stringify(answer!.card)).toContain("flows:run");
    expect(calls.map((c) => c.path)).toEqual(["/api/v1/auth/me"]);
  });

  it("shows the API's error (unknown flow) as an error card", async () => {
    const { ctx } = stub(["flows:run"], {
      "POST /api/v1/flows/nope/runs": () => ({ status: 404, body: { code: 40401, reason: "flows.not_found", message: "流程不存在" } }),
    });
    const [answer] = await answerCommand(ctx, "flow run nope");
    expect(answer!.kind).toBe("error");
    expect(JSON.stringify(answer!.card)).toContain("流程不存在");
  });

  it("Continue decides the wait node as the clicker and the card turns into the run as it is now", async () => {
    const { calls, ctx } = stub(["flows:run"], {
      "POST /api/v1/flow-runs/fr_1/nodes/approve/continue": () => ok(run({ status: "running", nodes: run().nodes.map((n) => (n.key === "approve" ? { ...n, status: "succeeded", decided_by_name: "lina" } : n)) })),
    });
    const result = await answerAction(ctx, { action: "flow.continue", value: { run_id: "fr_1", node: "approve" }, inputs: {} });
    expect(calls.at(-1)).toMatchObject({ path: "/api/v1/flow-runs/fr_1/nodes/approve/continue", body: { decision: "continue" } });
    expect(result.cards).toEqual([]);
    expect(JSON.stringify(result.update!.card)).toContain("财务确认（lina）");
    expect(JSON.stringify(result.update!.card)).not.toContain("flow.continue");
  });

  it("a click on a node that no longer waits gets the expired answer, and the card shows the run now", async () => {
    const { calls, ctx } = stub(["flows:run"], {
      "POST /api/v1/flow-runs/fr_1/nodes/approve/continue": () => ({ status: 409, body: { code: 40901, reason: "flows.node_not_waiting", message: "节点不在等待中" } }),
      "GET /api/v1/flow-runs/fr_1": () => ok(run({ status: "succeeded", finished_at: at, duration_ms: 65_000 })),
    });
    const result = await answerAction(ctx, { action: "flow.reject", value: { run_id: "fr_1", node: "approve" }, inputs: {} });
    expect(calls.find((c) => c.path.endsWith("/continue"))!.body).toEqual({ decision: "reject" });
    expect(JSON.stringify(result.cards[0]!.card)).toContain("这个按钮已失效");
    expect(result.update!.card.header.subtitle).toContain("成功");
  });

  it("Cancel cancels through the API; the flows engine's refreshes render as the same card", async () => {
    const { calls, ctx } = stub(["flows:run"], { "POST /api/v1/flow-runs/fr_1/cancel": () => ok(run({ status: "cancelled", finished_at: at })) });
    const result = await answerAction(ctx, { action: "flow.cancel", value: { run_id: "fr_1" }, inputs: {} });
    expect(calls.at(-1)!.path).toBe("/api/v1/flow-runs/fr_1/cancel");
    expect(result.update!.card.header.subtitle).toContain("已取消");
    const refreshed = cardOf("flow-run", run({ status: "succeeded" }) as unknown as Record<string, unknown>, "en");
    expect(refreshed.header).toMatchObject({ title: "Flow month-end", tone: "success" });
  });

  it("Retry clears the failed nodes through the API and the card shows the run going again; a run no longer failed gets the expired answer", async () => {
    const { calls, ctx } = stub(["flows:run"], { "POST /api/v1/flow-runs/fr_1/retry": () => ok(run({ status: "running" })) });
    const result = await answerAction(ctx, { action: "flow.retry", value: { run_id: "fr_1" }, inputs: {} });
    expect(calls.at(-1)).toMatchObject({ method: "POST", path: "/api/v1/flow-runs/fr_1/retry", authorization: "Bearer t" });
    expect(result.update!.card.header.subtitle).toContain("运行中");
    const busy = stub(["flows:run"], {
      "POST /api/v1/flow-runs/fr_1/retry": () => ({ status: 409, body: { code: 40901, reason: "flows.run_not_retryable", message: "只有失败或已取消的流程运行可以重试（当前：running）" } }),
      "GET /api/v1/flow-runs/fr_1": () => ok(run({ status: "running" })),
    });
    const expired = await answerAction(busy.ctx, { action: "flow.retry", value: { run_id: "fr_1" }, inputs: {} });
    expect(expired.cards[0]!.kind).toBe("error");
    expect(expired.update!.card.header.subtitle).toContain("运行中");
  });
});
