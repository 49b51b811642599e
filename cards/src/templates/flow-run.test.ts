import { describe, expect, it } from "vitest";
import { problems, renderEverywhere } from "../testing/render-all.ts";
import { allButtons } from "../card.ts";
import { flowAlertCard } from "./flow-alert.ts";
import { flowRunCard, FLOW_NODES_LISTED, type FlowRunNodeData } from "./flow-run.ts";
import { jobBackfillCard } from "./job-backfill.ts";

const node = (i: number, status: FlowRunNodeData["status"], type: FlowRunNodeData["type"] = "job"): FlowRunNodeData => ({ key: `n${i}`, name: `step-${i}`, type, status });

describe("flow-run card", () => {
  it("lists every node of a small flow in flow order with its state", () => {
    const card = flowRunCard({ runId: "fr_1", flowName: "etl", version: 2, status: "running", trigger: "cron", nodes: [node(0, "succeeded"), node(1, "running"), node(2, "pending")] }, "en");
    const table = card.blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.rows.map((r) => [r.node, r.status])).toEqual([["step-0", "✅ succeeded"], ["step-1", "🔄 running"], ["step-2", "⚪ pending"]]);
    expect(card.header).toMatchObject({ title: "Flow etl", subtitle: "running · version 2 · run fr_1", tone: "info" });
  });

  it("summarises a 200-node flow: the nodes needing attention are listed, the rest counted by status", () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(i, i === 190 ? "failed" : i === 195 ? "running" : i < 180 ? "succeeded" : "pending"));
    const card = flowRunCard({ runId: "fr_2", flowName: "big", version: 1, status: "running", trigger: "cron", nodes }, "en");
    const table = card.blocks.find((b) => b.type === "table");
    const names = table?.type === "table" ? table.rows.map((r) => r.node) : [];
    expect(names).toHaveLength(FLOW_NODES_LISTED);
    expect(names).toContain("step-190");
    expect(names).toContain("step-195");
    expect(JSON.stringify(card.blocks)).toContain("180 more nodes not listed: ✅ succeeded 162 · ⚪ pending 18");
    for (const [target, found] of Object.entries(problems(renderEverywhere(card)))) expect(found, target).toEqual([]);
  });

  it("offers Continue / Reject for waiting wait nodes only while the run is not final, Cancel until it ends, Retry once it failed or was cancelled", () => {
    const nodes = [node(0, "succeeded"), node(1, "waiting", "wait")];
    const waiting = allButtons(flowRunCard({ runId: "fr_3", flowName: "f", version: 1, status: "waiting", trigger: "x", nodes }, "zh-CN"));
    expect(waiting.map((b) => (b.kind === "action" ? b.action : b.url))).toEqual(["flow.continue", "flow.reject", "flow.cancel", "/flows/runs/fr_3"]);
    const ended = allButtons(flowRunCard({ runId: "fr_3", flowName: "f", version: 1, status: "cancelled", trigger: "x", nodes }, "zh-CN"));
    expect(ended.map((b) => (b.kind === "action" ? b.action : b.kind))).toEqual(["flow.retry", "link"]);
    const failed = allButtons(flowRunCard({ runId: "fr_3", flowName: "f", version: 1, status: "failed", trigger: "x", nodes: [node(0, "failed")] }, "en"));
    expect(failed[0]).toMatchObject({ kind: "action", action: "flow.retry", value: { run_id: "fr_3" }, text: "Retry failed nodes" });
    const done = allButtons(flowRunCard({ runId: "fr_3", flowName: "f", version: 1, status: "succeeded", trigger: "x", nodes: [node(0, "succeeded")] }, "en"));
    expect(done.map((b) => b.kind)).toEqual(["link"]);
  });
});

describe("job-backfill card", () => {
  it("shows progress with a bar and says when it is done", () => {
    const running = jobBackfillCard({ backfillId: "b", jobId: "j", jobName: "daily", from: "2026-11-01", to: "2026-11-10", total: 10, done: 4, succeeded: 4, failed: 0, running: 1 }, "zh-CN");
    expect(running.header.subtitle).toBe("进行中 · 4/10");
    expect(JSON.stringify(running.blocks)).toContain("▓▓▓▓░░░░░░ 4/10");
    const done = jobBackfillCard({ backfillId: "b", jobId: "j", jobName: "daily", from: "2026-11-01", to: "2026-11-10", total: 10, done: 10, succeeded: 9, failed: 1, running: 0 }, "en");
    expect(done.header).toMatchObject({ subtitle: "done with failures · 10/10", tone: "warning" });
    expect(allButtons(done).map((b) => b.kind)).toEqual(["link"]);
  });
});

describe("flow-alert card", () => {
  it("a failure offers Retry (flow.retry), View run and Pause flow; a recovery only View run; both render everywhere", () => {
    const failed = flowAlertCard({ kind: "failure", flowId: "fl_1", flowName: "etl", runId: "fr_9", title: "流程 etl 运行失败", body: "失败节点：load: exit code 5" }, "zh-CN");
    expect(failed.header).toMatchObject({ title: "流程 etl 运行失败", subtitle: "运行失败 · 流程 etl", tone: "danger" });
    expect(allButtons(failed).map((b) => (b.kind === "action" ? [b.action, b.value] : [b.kind, b.url]))).toEqual([
      ["flow.retry", { run_id: "fr_9", keep: true }], ["link", "/flows/runs/fr_9"], ["flow.pause", { flow_id: "fl_1" }],
    ]);
    const recovered = flowAlertCard({ kind: "recovered", flowId: "fl_1", flowName: "etl", runId: "fr_9", title: "Flow etl recovered" }, "en");
    expect(allButtons(recovered).map((b) => b.kind)).toEqual(["link"]);
    expect(recovered.header.tone).toBe("success");
    for (const card of [failed, recovered]) for (const [target, found] of Object.entries(problems(renderEverywhere(card)))) expect(found, target).toEqual([]);
  });
});
