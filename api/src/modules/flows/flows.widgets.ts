import type { Db } from "../../platform/db/db.ts";
import type { WidgetDefinition } from "../workbench/index.ts";
import { FLOWS_VIEW } from "./flows.deps.ts";

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const SHOWN = 5;

/** Midnight today in Asia/Shanghai (no daylight saving there), as an instant. */
function startOfToday(now: Date): string {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - SHANGHAI_OFFSET_MS).toISOString();
}

/** Home workbench widget: flow runs that failed today which the reader started or whose flow they own. */
export function flowsWidgets(db: Db): WidgetDefinition[] {
  const failedRuns: WidgetDefinition = {
    id: "flows.failed_runs",
    kind: "todo",
    title: { "zh-CN": "今日失败的流程运行", en: "Failed flow runs today" },
    permission: FLOWS_VIEW,
    order: 62,
    empty: { text: { "zh-CN": "今天没有失败的流程运行", en: "No failed flow runs today" } },
    async load({ actor, now }) {
      const where = `FROM flow_runs r WHERE r.status = 'failed' AND r.finished_at >= ?
        AND (r.triggered_by = ? OR r.flow_id IN (SELECT f.id FROM flows f WHERE f.created_by = ?))`;
      const params = [startOfToday(now), actor.userId, actor.userId];
      const total = await db.get<{ c: number | string }>(`SELECT COUNT(*) AS c ${where}`, params);
      const rows = await db.all<{ id: string; flow_name: string; error: string | null; finished_at: string }>(
        `SELECT r.id, r.flow_name, r.error, r.finished_at ${where} ORDER BY r.finished_at DESC LIMIT ${SHOWN}`, params,
      );
      return {
        count: Number(total?.c ?? 0),
        items: rows.map((r) => ({ title: r.flow_name, subtitle: r.error, href: `/flows/runs/${r.id}`, at: r.finished_at, tone: "danger" as const })),
        more: Number(total?.c ?? 0) > SHOWN ? { label: { "zh-CN": "全部流程运行", en: "All flow runs" }, href: "/flows/runs?status=failed" } : null,
      };
    },
  };
  return [failedRuns];
}
