import type { FlowEdge, FlowNode, FlowNodeStatus } from "@ops/shared/contracts/flows.ts";
import { iso, type Clock } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/db.ts";
import { insertRow } from "../../platform/db/query.ts";

const DAY = 86_400_000;

/** The demo ETL: extract → [clean_orders, clean_users] → check → load (or alert_low) → confirm (a person) → publish. */
const NODES: FlowNode[] = [
  { key: "extract", name: "抽取订单与用户", type: "shell", config: { command: "echo '{\"orders\": 1280, \"users\": 342}'", env_allow: [] }, position: { x: 0, y: 120 } },
  { key: "clean_orders", name: "清洗订单", type: "shell", config: { command: "echo cleaned {nodes.extract.output.orders} orders", env_allow: [] }, position: { x: 220, y: 40 } },
  { key: "clean_users", name: "清洗用户", type: "shell", config: { command: "echo cleaned {nodes.extract.output.users} users", env_allow: [] }, position: { x: 220, y: 200 } },
  { key: "check", name: "数据量检查", type: "condition", condition: "nodes.extract.output.orders > params.min_orders", position: { x: 440, y: 120 } },
  { key: "load", name: "装载到数仓", type: "shell", config: { command: "echo 'loaded into {params.warehouse}'", env_allow: [] }, position: { x: 660, y: 60 } },
  { key: "alert_low", name: "数据量过低告警", type: "shell", config: { command: "echo 'orders below {params.min_orders}'", env_allow: [] }, position: { x: 660, y: 200 } },
  { key: "confirm", name: "运营确认", type: "wait", position: { x: 880, y: 60 } },
  { key: "publish", name: "发布日报", type: "shell", config: { command: "echo published", env_allow: [] }, position: { x: 1100, y: 60 } },
];
const EDGES: FlowEdge[] = [
  { from: "extract", to: "clean_orders" }, { from: "extract", to: "clean_users" }, { from: "clean_orders", to: "check" }, { from: "clean_users", to: "check" },
  { from: "check", to: "load", when: true }, { from: "check", to: "alert_low", when: false }, { from: "load", to: "confirm" }, { from: "confirm", to: "publish" },
];
const PARAMS = { min_orders: 100, warehouse: "dw_prod" };
/** what the finished demo run shows per node: status, output, ms after the start, duration */
const RUN: Record<string, { status: FlowNodeStatus; output?: unknown; at: number; ms: number }> = {
  extract: { status: "succeeded", output: { orders: 1280, users: 342 }, at: 0, ms: 420 },
  clean_orders: { status: "succeeded", output: "cleaned 1280 orders", at: 450, ms: 310 },
  clean_users: { status: "succeeded", output: "cleaned 342 users", at: 452, ms: 180 },
  check: { status: "succeeded", output: true, at: 770, ms: 0 },
  load: { status: "succeeded", output: "loaded into dw_prod", at: 790, ms: 650 },
  alert_low: { status: "skipped", at: 770, ms: 0 },
  confirm: { status: "succeeded", at: 1_450, ms: 1_800_000 },
  publish: { status: "succeeded", output: "published", at: 1_801_470, ms: 120 },
};

export async function seedDemoFlows(db: Db, clock: Clock): Promise<void> {
  const owner = await db.get<{ id: string; dept_id: string | null }>("SELECT id, dept_id FROM users WHERE username = 'liuyang'");
  if (!owner) return;
  const now = clock.now();
  const created = iso(new Date(now.getTime() - 7 * DAY));
  const id = newId();
  await insertRow(db, "flows", {
    id, name: "daily-etl", description: "每日 ETL：抽取、清洗、检查数据量、装载，运营确认后发布日报", version: 1, nodes: JSON.stringify(NODES), edges: JSON.stringify(EDGES),
    params: JSON.stringify(PARAMS), owner_department_id: owner.dept_id, tags: JSON.stringify(["etl", "daily"]), created_by: owner.id, created_at: created, updated_at: created,
  });
  await insertRow(db, "flow_versions", { flow_id: id, version: 1, nodes: JSON.stringify(NODES), edges: JSON.stringify(EDGES), params: JSON.stringify(PARAMS), created_by: owner.id, created_at: created });
  // yesterday 02:00 Asia/Shanghai
  const start = new Date(Math.floor((now.getTime() + 8 * 3600_000) / DAY) * DAY - DAY + 2 * 3600_000 - 8 * 3600_000);
  const at = (ms: number) => iso(new Date(start.getTime() + ms));
  const runId = newId();
  const end = Math.max(...Object.values(RUN).map((n) => n.at + n.ms));
  await insertRow(db, "flow_runs", {
    id: runId, flow_id: id, flow_name: "daily-etl", version: 1, owner_department_id: owner.dept_id, status: "succeeded", trigger_kind: "manual", triggered_by: owner.id,
    params: JSON.stringify(PARAMS), queued_at: at(0), started_at: at(0), finished_at: at(end), duration_ms: end, error: null, updated_at: at(end),
  });
  for (const [seq, node] of NODES.entries()) {
    const r = RUN[node.key]!;
    const step = node.type === "shell" && r.status !== "skipped";
    const stepId = step ? newId() : null;
    if (stepId) {
      await insertRow(db, "job_runs", {
        id: stepId, job_id: id, job_name: `daily-etl.${node.key}`, owner_department_id: owner.dept_id, status: "succeeded", trigger_kind: "flow", triggered_by: owner.id,
        params: "{}", attempt: 1, max_attempts: 1, occurrence_key: `flow:${runId}:${node.key}:0`, scheduled_for: null, biz_date: null, backfill_id: null, enqueued: 1,
        queued_at: at(r.at), started_at: at(r.at), finished_at: at(r.at + r.ms), duration_ms: r.ms, exit_code: 0, http_status: null,
        output: typeof r.output === "string" ? `${r.output}\n` : JSON.stringify(r.output), error: null, reason: null, next_attempt_at: null, worker_id: null,
        cancel_requested: 0, updated_at: at(r.at + r.ms), flow_run_id: runId, node_key: node.key, shard_index: 0, shard_total: 1, definition: null,
      });
    }
    await insertRow(db, "flow_run_nodes", {
      flow_run_id: runId, node_key: node.key, name: node.name ?? node.key, type: node.type, status: r.status, seq, run_ids: JSON.stringify(stepId ? [stepId] : []),
      result: node.type === "condition" ? 1 : null, output: r.output === undefined ? null : JSON.stringify(r.output), error: null,
      decided_by: node.type === "wait" ? owner.id : null, comment: node.type === "wait" ? "数据已核对" : null,
      started_at: r.status === "skipped" ? null : at(r.at), finished_at: at(r.at + r.ms), duration_ms: r.status === "skipped" ? null : r.ms,
    });
  }
}

/** The demo seeder (order 110: after the company, whose people own the flow, and the jobs). */
export const flowsDemoSeeder = { name: "flows", order: 110, seed: (ctx: { db: Db; clock: Clock }) => seedDemoFlows(ctx.db, ctx.clock) };
