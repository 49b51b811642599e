/**
 * Cluster metrics read from the modules' tables over each interval (scheduler role only, so each is written once):
 * job runs ended in it, approval tasks decided in it and pending, notification and IM sends finished in it, online
 * users and failed sign-ins. Read-only SQL over job_runs, approval_tasks, notify_send_log, sessions and login_logs.
 */
import type { Db } from "../../../../platform/db/db.ts";
import type { Collected, Collector, MetricDef, MetricsPort } from "../../../../platform/observability.ts";

/** observations read per interval for a histogram (a busier minute is sampled by its most recent rows) */
const HISTOGRAM_ROWS = 5_000;
const ONLINE_WINDOW_MS = 5 * 60_000;
const FAILED = new Set(["failed", "timed_out"]);

type Words = { zh: string; en: string; helpZh: string; helpEn: string };
const def = (name: string, kind: MetricDef["kind"], unit: MetricDef["unit"], module: string, labels: string[], w: Words): MetricDef =>
  ({ name, kind, scope: "cluster", unit, module, labels, title: { "zh-CN": w.zh, en: w.en }, help: { "zh-CN": w.helpZh, en: w.helpEn } });
const span = (i: { from: Date; to: Date }) => [i.from.toISOString(), i.to.toISOString()];
const grouped = <T>(rows: T[], key: (r: T) => string) => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
};

export function clusterMetrics(port: MetricsPort, db: Db) {
  const reg = (d: MetricDef, c: Collector) => port.collect(d, c);

  type Run = { job_name: string; status: string; duration_ms: unknown };
  const runs = (i: { from: Date; to: Date }) => db.all<Run>(
    "SELECT job_name, status, duration_ms FROM job_runs WHERE finished_at >= ? AND finished_at < ? AND status IN ('succeeded', 'failed', 'timed_out', 'cancelled', 'skipped') ORDER BY finished_at DESC LIMIT ?",
    [...span(i), HISTOGRAM_ROWS],
  );
  reg(def("jobs.runs", "counter", "count", "jobs", ["status"], { zh: "任务运行次数", en: "Job runs", helpZh: "区间内结束的任务运行（按状态）", helpEn: "Job runs ended in the interval (by status)" }),
    async (i) => [...grouped(await runs(i), (r) => r.status)].map(([status, rs]) => ({ labels: { status }, value: rs.length })));
  reg(def("jobs.failure_rate", "ratio", "ratio", "jobs", ["job"], { zh: "任务失败率", en: "Job failure rate", helpZh: "失败与超时的运行占结束运行的比例（按任务）", helpEn: "Failed and timed-out runs among ended runs (by job)" }),
    async (i) => [...grouped(await runs(i), (r) => r.job_name)].map(([job, rs]) => ({ labels: { job }, num: rs.filter((r) => FAILED.has(r.status)).length, den: rs.length })));
  reg(def("jobs.duration", "histogram", "seconds", "jobs", [], { zh: "任务运行时长", en: "Job run duration", helpZh: "区间内结束的运行时长（秒）", helpEn: "Duration of runs ended in the interval (seconds)" }),
    async (i) => [{ values: (await runs(i)).filter((r) => r.duration_ms !== null).map((r) => Number(r.duration_ms) / 1000) }]);

  reg(def("approvals.handling_seconds", "histogram", "seconds", "approvals", [], { zh: "审批处理时长", en: "Approval handling time", helpZh: "区间内处理的审批任务从创建到处理的秒数", helpEn: "Seconds from creation to decision of tasks decided in the interval" }),
    async (i) => {
      const rows = await db.all<{ created_at: string; decided_at: string }>(
        "SELECT created_at, decided_at FROM approval_tasks WHERE kind = 'approve' AND decided_at >= ? AND decided_at < ? AND status IN ('approved', 'rejected', 'transferred') LIMIT ?",
        [...span(i), HISTOGRAM_ROWS],
      );
      return [{ values: rows.map((r) => Math.max(0, (Date.parse(r.decided_at) - Date.parse(r.created_at)) / 1000)) }];
    });
  reg(def("approvals.pending", "gauge", "count", "approvals", [], { zh: "待审批任务", en: "Pending approval tasks", helpZh: "等待处理的审批任务数", helpEn: "Approval tasks waiting for a decision" }),
    async () => [{ value: Number((await db.get<{ n: unknown }>("SELECT COUNT(*) AS n FROM approval_tasks WHERE kind = 'approve' AND status = 'pending'"))?.n ?? 0) }]);

  type Send = { channel: string; status: string; target: string | null };
  const sends = (i: { from: Date; to: Date }) => db.all<Send>(
    "SELECT channel, status, target FROM notify_send_log WHERE finished_at >= ? AND finished_at < ? AND status IN ('sent', 'failed', 'retry')",
    span(i),
  );
  const rate = (rows: Send[]): Omit<Collected, "labels"> => ({ num: rows.filter((r) => r.status === "sent").length, den: rows.length });
  reg(def("notify.delivery_rate", "ratio", "ratio", "notify", ["channel"], { zh: "通知送达率", en: "Notification delivery rate", helpZh: "发送成功的尝试占全部结束尝试的比例（按渠道）", helpEn: "Successful send attempts among finished attempts (by channel)" }),
    async (i) => [...grouped(await sends(i), (r) => r.channel)].map(([channel, rs]) => ({ labels: { channel }, ...rate(rs) })));
  reg(def("im.delivery_rate", "ratio", "ratio", "notify", ["platform", "chat"], {
    zh: "IM 送达率", en: "IM delivery rate",
    helpZh: "IM 消息发送成功的比例（按平台与会话类型；个人消息的平台取自成功送达的目标，失败的记为 unknown）",
    helpEn: "Share of IM sends that succeeded (by platform and chat kind; a direct message's platform comes from its delivered target, failures count as unknown)",
  }), async (i) => {
    const rows = (await sends(i)).filter((r) => r.channel === "im");
    return [...grouped(rows, (r) => (r.target?.split(":")[0] || "unknown"))].map(([platform, rs]) => ({ labels: { platform, chat: "direct" }, ...rate(rs) }));
  });

  reg(def("iam.online_users", "gauge", "users", "iam", [], { zh: "在线用户", en: "Online users", helpZh: "最近 5 分钟有活动会话的用户数", helpEn: "Users with a session active in the last 5 minutes" }),
    async (i) => {
      const since = new Date(i.to.getTime() - ONLINE_WINDOW_MS).toISOString();
      const row = await db.get<{ n: unknown }>(
        "SELECT COUNT(DISTINCT user_id) AS n FROM sessions WHERE last_seen_at >= ? AND revoked_at IS NULL AND expires_at > ?",
        [since, i.to.toISOString()],
      );
      return [{ value: Number(row?.n ?? 0) }];
    });
  reg(def("iam.login_failures", "counter", "count", "iam", [], { zh: "登录失败次数", en: "Failed sign-ins", helpZh: "区间内失败的登录次数", helpEn: "Failed sign-ins in the interval" }),
    async (i) => [{ value: Number((await db.get<{ n: unknown }>("SELECT COUNT(*) AS n FROM login_logs WHERE success = 0 AND ts >= ? AND ts < ?", span(i)))?.n ?? 0) }]);
}
