import type { Db } from "../../platform/db/db.ts";
import type { WidgetDefinition } from "../workbench/index.ts";
import { JOBS_VIEW } from "./jobs.deps.ts";

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const SHOWN = 5;

/** Midnight today in Asia/Shanghai (no daylight saving there), as an instant. */
function startOfToday(now: Date): string {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - SHANGHAI_OFFSET_MS).toISOString();
}

/**
 * Home workbench widgets of the jobs engine: runs that failed today which the reader started or
 * whose job they own, and the jobs they own that are paused (easy to forget).
 */
export function jobsWidgets(db: Db): WidgetDefinition[] {
  const failedRuns: WidgetDefinition = {
    id: "jobs.failed_runs",
    kind: "todo",
    title: { "zh-CN": "今日失败的运行", en: "Failed runs today" },
    permission: JOBS_VIEW,
    order: 60,
    empty: { text: { "zh-CN": "今天没有失败的运行", en: "No failed runs today" } },
    async load({ actor, now }) {
      const where = `FROM job_runs r WHERE r.status IN ('failed', 'timed_out') AND r.finished_at >= ?
        AND (r.triggered_by = ? OR r.job_id IN (SELECT j.id FROM jobs j WHERE j.created_by = ?))`;
      const params = [startOfToday(now), actor.userId, actor.userId];
      const total = await db.get<{ c: number | string }>(`SELECT COUNT(*) AS c ${where}`, params);
      const rows = await db.all<{ id: string; job_name: string; status: string; error: string | null; finished_at: string }>(
        `SELECT r.id, r.job_name, r.status, r.error, r.finished_at ${where} ORDER BY r.finished_at DESC LIMIT ${SHOWN}`, params,
      );
      return {
        count: Number(total?.c ?? 0),
        items: rows.map((r) => ({ title: r.job_name, subtitle: r.error, href: `/jobs/runs/${r.id}`, at: r.finished_at, tone: "danger" as const })),
        more: Number(total?.c ?? 0) > SHOWN ? { label: { "zh-CN": "全部运行记录", en: "All runs" }, href: "/jobs/runs?status=failed" } : null,
      };
    },
  };
  const pausedJobs: WidgetDefinition = {
    id: "jobs.paused_jobs",
    kind: "todo",
    title: { "zh-CN": "我负责的已暂停作业", en: "My paused jobs" },
    permission: JOBS_VIEW,
    order: 61,
    empty: { text: { "zh-CN": "没有暂停的作业", en: "No paused jobs" } },
    async load({ actor }) {
      const total = await db.get<{ c: number | string }>("SELECT COUNT(*) AS c FROM jobs WHERE status = 'paused' AND created_by = ?", [actor.userId]);
      const rows = await db.all<{ id: string; name: string; description: string; updated_at: string }>(
        `SELECT id, name, description, updated_at FROM jobs WHERE status = 'paused' AND created_by = ? ORDER BY updated_at DESC LIMIT ${SHOWN}`, [actor.userId],
      );
      return {
        count: Number(total?.c ?? 0),
        items: rows.map((j) => ({ title: j.name, subtitle: j.description || null, href: `/jobs/${j.id}`, at: j.updated_at, tone: "warning" as const })),
        more: Number(total?.c ?? 0) > SHOWN ? { label: { "zh-CN": "全部作业", en: "All jobs" }, href: "/jobs?status=paused" } : null,
      };
    },
  };
  return [failedRuns, pausedJobs];
}
