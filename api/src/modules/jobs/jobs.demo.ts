import { iso } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/db.ts";
import { insertRow } from "../../platform/db/query.ts";
import type { Clock } from "../../platform/clock.ts";
import { nextOccurrence } from "./schedule/index.ts";

const DAY = 86_400_000;
type DemoRun = { daysAgo: number; status: "succeeded" | "failed"; ms: number; output?: string; error?: string };
type DemoJob = {
  name: string; description: string; type: string; config: Record<string, unknown>; cron: string; owner: string; status: "enabled" | "paused";
  retries: Record<string, unknown>; timeout_s: number; tags: string[]; runs: DemoRun[];
};

/** Three believable jobs of the demo company with a week of history (one failure among them). */
const JOBS: DemoJob[] = [
  {
    name: "daily-data-sync", description: "每日数据同步：把前一天的订单从 ERP 同步到数据仓库（ERP 接口上线前暂停）", type: "http", owner: "liuyang", status: "paused",
    config: { method: "POST", url: "https://erp.example.com/api/v1/orders/sync?day={bizDate}", headers: {}, body: { day: "{bizDate}" }, expect_status: 200 },
    cron: "0 30 2 * * *", retries: { count: 3, backoff: { type: "exponential", delay_ms: 60_000 }, on: ["failed", "timed_out"] }, timeout_s: 600, tags: ["sync", "erp"],
    runs: [{ daysAgo: 6, status: "failed", ms: 30_012, error: "request failed: Unable to connect. Is the computer able to access the url?" }],
  },
  {
    name: "log-cleanup", description: "日志清理：删除 7 天前的临时日志文件", type: "shell", owner: "liuyang", status: "enabled",
    config: { command: "find /tmp -maxdepth 1 -name 'ops-*.log' -mtime +7 -print -delete", env_allow: [] },
    cron: "0 0 3 * * *", retries: { count: 1, backoff: { type: "fixed", delay_ms: 300_000 }, on: ["failed"] }, timeout_s: 300, tags: ["housekeeping"],
    runs: [1, 2, 3, 4, 5].map((d) => ({ daysAgo: d, status: "succeeded" as const, ms: 180 + d * 37, output: "" })),
  },
  {
    name: "daily-report-summary", description: "日报汇总：统计在用账号数，供运营日报引用", type: "sql", owner: "lina", status: "enabled",
    config: { engine: "store", statement: "SELECT COUNT(*) AS active_users FROM users WHERE status = 'active' AND deleted_at IS NULL" },
    cron: "0 0 8 * * *", retries: { count: 2, backoff: { type: "fixed", delay_ms: 120_000 }, on: ["failed", "timed_out"] }, timeout_s: 120, tags: ["report"],
    runs: [1, 2, 3, 4, 5].map((d) => (d === 2
      ? { daysAgo: d, status: "failed" as const, ms: 120_004, error: "canceling statement due to statement timeout" }
      : { daysAgo: d, status: "succeeded" as const, ms: 40 + d * 3, output: '1 row(s) [{"active_users":18}]' })),
  },
];

/** At the job's cron time `daysAgo` days back (Asia/Shanghai), as the scheduler would have fired it. */
function firedAt(cron: string, now: Date, daysAgo: number): Date {
  const from = new Date(now.getTime() - (daysAgo + 1) * DAY);
  return nextOccurrence({ cron, timezone: "Asia/Shanghai" }, from, from) ?? from;
}

export async function seedDemoJobs(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  for (const j of JOBS) {
    const owner = await db.get<{ id: string; dept_id: string | null }>("SELECT id, dept_id FROM users WHERE username = ?", [j.owner]);
    if (!owner) continue;
    const id = newId();
    const schedule = { cron: j.cron, timezone: "Asia/Shanghai" };
    const created = new Date(now.getTime() - 10 * DAY);
    await insertRow(db, "jobs", {
      id, name: j.name, description: j.description, type: j.type, config: JSON.stringify(j.config), params: "{}", schedule: JSON.stringify(schedule),
      misfire: "fire_once", catch_up_max: 10, retries: JSON.stringify(j.retries), timeout_s: j.timeout_s, concurrency: "forbid", priority: 0,
      owner_department_id: owner.dept_id, tags: JSON.stringify(j.tags), status: j.status,
      next_fire_at: j.status === "enabled" ? iso(nextOccurrence(schedule, now, now)!) : null, schedule_anchor: iso(created),
      created_by: owner.id, created_at: iso(created), updated_at: iso(created),
    });
    for (const r of j.runs) {
      const at = firedAt(j.cron, now, r.daysAgo);
      const bizDate = new Date(at.getTime() + 8 * 3600_000 - DAY).toISOString().slice(0, 10);
      await insertRow(db, "job_runs", {
        id: newId(), job_id: id, job_name: j.name, owner_department_id: owner.dept_id, status: r.status, trigger_kind: "cron", triggered_by: null,
        params: JSON.stringify({}), attempt: r.status === "failed" ? Number((j.retries as { count: number }).count) + 1 : 1,
        max_attempts: Number((j.retries as { count: number }).count) + 1, occurrence_key: `cron:${id}:${iso(at)}`, scheduled_for: iso(at), biz_date: bizDate,
        backfill_id: null, enqueued: 1, queued_at: iso(at), started_at: iso(at), finished_at: iso(new Date(at.getTime() + r.ms)), duration_ms: r.ms,
        exit_code: j.type === "shell" ? 0 : null, http_status: null, output: r.output ?? null, error: r.error ?? null, reason: null, next_attempt_at: null,
        worker_id: null, cancel_requested: 0, updated_at: iso(new Date(at.getTime() + r.ms)),
      });
    }
  }
}

/** The demo seeder (order 100: after the company, whose people own the jobs). */
export const jobsDemoSeeder = { name: "jobs", order: 100, seed: (ctx: { db: Db; clock: Clock }) => seedDemoJobs(ctx.db, ctx.clock) };
