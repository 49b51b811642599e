/** Sample data for every template (each state that changes the card) and deliberately huge inputs, for tests. */
import type { Locale } from "@ops/shared";
import { AppError } from "@ops/shared";
import { actionButton, type Card } from "../card.ts";
import * as T from "../templates/index.ts";

export type Sample = {
  name: string;
  card: (locale: Locale) => Card;
  /** action buttons the card must offer, with their values */
  actions: { action: string; value: Record<string, unknown>; confirm?: boolean }[];
  /** form fields the card asks for */
  inputs?: string[];
};

const at = "2026-11-23T07:04:05Z";

export const SAMPLES: Sample[] = [
  {
    name: "approval pending",
    card: (l) =>
      T.approvalCard({ id: "apv_1", title: "发布 payment-service v2.3.1", kind: "配置发布", requester: "张伟", submittedAt: at, reason: "修复支付回调 <b>超时</b>", step: { current: 1, total: 2, name: "运营主管" }, status: "pending" }, l),
    actions: [
      { action: "approval.approve", value: { id: "apv_1" } },
      { action: "approval.reject", value: { id: "apv_1" }, confirm: true },
    ],
    inputs: ["comment"],
  },
  {
    name: "approval rejected",
    card: (l) => T.approvalCard({ id: "apv_2", title: "Backfill orders", requester: "lina", submittedAt: at, status: "rejected", decidedBy: "zhangwei", decidedAt: at, comment: "not now" }, l),
    actions: [],
  },
  {
    name: "approval pending with a config diff",
    card: (l) =>
      T.approvalCard({
        id: "apv_3", title: "费率配置 变更", kind: "配置发布", requester: "lina", submittedAt: at, status: "pending", taskId: "task_3",
        details: [{ label: "配置表", value: "rates" }],
        diff: {
          link: "/config/change-sets/cs_1", total: 14,
          rows: Array.from({ length: 12 }, (_, i) => ({ record: `ch${i}`, field: "费率", before: "0.0300", after: i === 0 ? "x".repeat(200) : "0.0350" })),
        },
      }, l),
    actions: [
      { action: "approval.approve", value: { id: "apv_3", task: "task_3" } },
      { action: "approval.reject", value: { id: "apv_3", task: "task_3" }, confirm: true },
    ],
    inputs: ["comment"],
  },
  {
    name: "config diff",
    card: (l) =>
      T.configDiffCard({
        table: "rates", tableName: "费率配置", state: "diff", fromVersion: 41, toVersion: 42, link: "/config/rates/history?from=41&to=42",
        rows: [
          { record: "alipay", field: "费率", before: "0.0300", after: "0.0350" },
          { record: "wechat", field: "费率", before: null, after: "0.0200" },
          { record: "legacy", field: "费率", before: "0.0100", after: null },
        ],
      }, l),
    actions: [],
  },
  {
    name: "config gray release",
    card: (l) =>
      T.configDiffCard({
        table: "feature-flags", state: "gray", release: 7, fromVersion: 12, toVersion: 13, actor: "zhangwei", at, reason: "灰度新收银台", gray: "20% · app-1",
        counts: { added: 0, changed: 1, removed: 0 }, rows: [{ record: "new-checkout", field: "enabled", before: "false", after: "true" }], link: "/config/feature-flags/history?from=12&to=13",
      }, l),
    actions: [],
  },
  {
    name: "config rolled back",
    card: (l) =>
      T.configDiffCard({ table: "rates", state: "rolled_back", release: 8, fromVersion: 42, toVersion: 43, restoredVersion: 41, actor: "zhangwei", at, reason: "费率填错", rows: [], link: "/config/rates/history" }, l),
    actions: [],
  },
  {
    name: "config change failed",
    card: (l) =>
      T.configDiffCard({ table: "rates", state: "failed", note: "记录 alipay 已被删除", rows: [], link: "/config/change-sets/cs_2" }, l),
    actions: [],
  },
  {
    name: "job run failed",
    card: (l) =>
      T.jobRunCard({ runId: "run_77", jobName: "nightly-settlement", status: "failed", trigger: "schedule 0 2 * * *", startedAt: at, finishedAt: at, durationMs: 83_000, attempt: 3, maxAttempts: 3, params: { date: "2026-11-22" }, error: "exit code 2", logTail: "step 3/4\nERROR db timeout <conn-7>" }, l),
    actions: [{ action: "job.retry", value: { run_id: "run_77" } }],
  },
  {
    name: "job run running",
    card: (l) => T.jobRunCard({ runId: "run_78", jobName: "sync-users", status: "running", trigger: "lina via Slack", startedAt: at }, l),
    actions: [{ action: "job.cancel", value: { run_id: "run_78" }, confirm: true }],
  },
  {
    name: "job backfill running",
    card: (l) => T.jobBackfillCard({ backfillId: "bf_1", jobId: "job_5", jobName: "daily-report", from: "2026-11-01", to: "2026-11-07", total: 7, done: 3, succeeded: 2, failed: 1, running: 2, parallelism: 2 }, l),
    actions: [{ action: "job.backfill_refresh", value: { job_id: "job_5", backfill_id: "bf_1" } }],
  },
  {
    name: "job backfill done",
    card: (l) => T.jobBackfillCard({ backfillId: "bf_1", jobId: "job_5", jobName: "daily-report", from: "2026-11-01", to: "2026-11-07", total: 7, done: 7, succeeded: 7, failed: 0, running: 0 }, l),
    actions: [],
  },
  {
    name: "flow run waiting",
    card: (l) =>
      T.flowRunCard({
        runId: "fr_1", flowName: "month-end", version: 3, status: "waiting", trigger: "lina via Slack", startedAt: at, params: { month: "2026-11" },
        nodes: [
          { key: "extract", name: "extract", type: "job", status: "succeeded", durationMs: 1200 },
          { key: "check", name: "check <totals>", type: "condition", status: "succeeded", durationMs: 3 },
          { key: "approve", name: "财务确认", type: "wait", status: "waiting" },
          { key: "load", name: "load", type: "job", status: "pending" },
        ],
      }, l),
    actions: [
      { action: "flow.continue", value: { run_id: "fr_1", node: "approve" } },
      { action: "flow.reject", value: { run_id: "fr_1", node: "approve" }, confirm: true },
      { action: "flow.cancel", value: { run_id: "fr_1" }, confirm: true },
    ],
  },
  {
    name: "flow run 200 nodes",
    card: (l) =>
      T.flowRunCard({
        runId: "fr_2", flowName: "fan-out", version: 1, status: "running", trigger: "schedule", startedAt: at,
        nodes: Array.from({ length: 200 }, (_, i) => ({
          key: `n${i}`, name: `shard-step-${i}-${"x".repeat(80)}`, type: i % 10 === 7 ? ("wait" as const) : ("job" as const),
          status: i < 150 ? ("succeeded" as const) : i % 10 === 7 ? ("waiting" as const) : i < 160 ? ("running" as const) : ("pending" as const),
          ...(i < 150 ? { durationMs: 10 * i } : {}),
        })),
      }, l),
    actions: [
      { action: "flow.continue", value: { run_id: "fr_2", node: "n157" } },
      { action: "flow.reject", value: { run_id: "fr_2", node: "n157" }, confirm: true },
      { action: "flow.cancel", value: { run_id: "fr_2" }, confirm: true },
    ],
  },
  {
    name: "flow run succeeded",
    card: (l) =>
      T.flowRunCard({
        runId: "fr_3", flowName: "month-end", version: 3, status: "succeeded", trigger: "manual", startedAt: at, finishedAt: at, durationMs: 65_000,
        nodes: [{ key: "approve", name: "approve", type: "wait", status: "succeeded", decidedBy: "lina" }, { key: "load", name: "load", type: "job", status: "succeeded", durationMs: 400 }],
      }, l),
    actions: [],
  },
  {
    name: "job alert failure",
    card: (l) => T.jobAlertCard({ kind: "failure", jobId: "job_5", jobName: "nightly-settlement", runId: "run_77", title: l === "en" ? "Job nightly-settlement failed" : "任务 nightly-settlement 运行失败", body: l === "en" ? "Attempt 3 of 3 failed too: exit code 2" : "第 3/3 次尝试仍失败：exit code 2", createdAt: at }, l),
    actions: [{ action: "job.retry", value: { run_id: "run_77" } }, { action: "job.pause", value: { job_id: "job_5" }, confirm: true }],
  },
  {
    name: "job alert missed start",
    card: (l) => T.jobAlertCard({ kind: "missed_start", jobId: "job_5", jobName: "nightly-settlement", title: l === "en" ? "Job nightly-settlement did not start on time" : "任务 nightly-settlement 未按时启动", body: l === "en" ? "Due at 02:00, not started 300 s later" : "计划于 02:00 运行，超过 300 秒仍未启动" }, l),
    actions: [{ action: "job.pause", value: { job_id: "job_5" }, confirm: true }],
  },
  {
    name: "job alert recovered",
    card: (l) => T.jobAlertCard({ kind: "recovered", jobId: "job_5", jobName: "nightly-settlement", runId: "run_80", title: l === "en" ? "Job nightly-settlement recovered" : "任务 nightly-settlement 已恢复", body: l === "en" ? "A run succeeded; alerts closed: failure" : "运行成功，已结束告警：运行失败" }, l),
    actions: [],
  },
  {
    name: "report digest",
    card: (l) =>
      T.reportDigestCard({
        reportId: "rpt_3", name: "周运营报表", period: "2026-11-16 ~ 2026-11-22", generatedAt: at,
        metrics: [{ label: "GMV", value: "¥1.2M", delta: "8%", trend: "up" }, { label: "订单", value: "9,812", delta: "2%", trend: "down" }],
        summary: "**亮点**：华东区增长最快，详见 [报表](https://ops.example.com/reports/rpt_3)",
        chartUrl: "/reports/rpt_3/chart.png",
        table: { columns: [{ key: "region", label: "区域" }, { key: "gmv", label: "GMV", align: "right" }], rows: [{ region: "华东", gmv: "520k" }, { region: "华北", gmv: "310k" }] },
        periods: [{ label: "上周", value: "last_week" }, { label: "本月", value: "this_month" }],
      }, l),
    actions: [{ action: "report.run", value: { report_id: "rpt_3" } }],
    inputs: ["period"],
  },
  {
    name: "alert firing",
    card: (l) =>
      T.alertCard({
        alertId: "al_5", title: "API p99 > 2s", level: "P1", status: "firing", source: "api-latency", firedAt: at, value: "2.7 s", condition: "> 2 s",
        labels: { service: "api", env: "prod" }, description: "p99 latency is above **2s** for 5m.", runbookUrl: "https://wiki.example.com/runbooks/api-latency",
        occurrences: 3, escalationStep: 1,
      }, l),
    actions: [
      { action: "alert.ack", value: { id: "al_5" } },
      { action: "alert.resolve", value: { id: "al_5" }, confirm: true },
      { action: "alert.silence", value: { id: "al_5", duration: "1h" } },
    ],
  },
  {
    name: "alert acknowledged",
    card: (l) => T.alertCard({ alertId: "al_7", title: "5xx rate > 5%", level: "P0", status: "acknowledged", source: "api-errors", firedAt: at, acknowledgedBy: "张伟" }, l),
    actions: [
      { action: "alert.resolve", value: { id: "al_7" }, confirm: true },
      { action: "alert.silence", value: { id: "al_7", duration: "1h" } },
    ],
  },
  {
    name: "alert silenced",
    card: (l) => T.alertCard({ alertId: "al_8", title: "Queue lag", level: "P3", status: "silenced", source: "queue-lag", firedAt: at, silencedUntil: at }, l),
    actions: [{ action: "alert.resolve", value: { id: "al_8" }, confirm: true }],
  },
  {
    name: "alert resolved",
    card: (l) => T.alertCard({ alertId: "al_6", title: "Disk 90%", level: "P2", status: "resolved", source: "node-disk", firedAt: at, resolvedAt: at, recovered: true }, l),
    actions: [],
  },
  {
    name: "alert list",
    card: (l) =>
      T.alertListCard({
        total: 12, canAck: true,
        items: [
          { id: "al_5", level: "P1", title: "API p99 > 2s", status: "firing", firedAt: at },
          { id: "al_7", level: "P0", title: "5xx rate > 5%", status: "acknowledged", firedAt: at, acknowledgedBy: "张伟" },
        ],
      }, l),
    actions: [{ action: "alert.ack", value: { id: "al_5", list: true } }],
  },
  {
    name: "ticket pending review",
    card: (l) =>
      T.ticketCard({
        ticketId: "tk_1", number: "T-01024", title: "导出报表失败", status: "pending_review", priority: "urgent", kind: "issue", reporter: "王芳", createdAt: at,
        description: "点击导出后提示 `500`。", comments: [1, 2, 3, 4].map((i) => ({ author: "lina", at, text: `comment ${i}` })),
      }, l),
    actions: [
      { action: "ticket.move", value: { id: "tk_1", action: "review_approve" } },
      { action: "ticket.move", value: { id: "tk_1", action: "review_reject" }, confirm: true },
    ],
    inputs: ["comment"],
  },
  {
    name: "ticket to assign",
    card: (l) =>
      T.ticketCard({
        ticketId: "tk_2", number: "T-01025", title: "VPN 无法连接", status: "reviewed", priority: "high", reporter: "宋佳", createdAt: at, slaBreached: true,
        assignees: [{ label: "何军", value: "hejun" }, { label: "刘洋", value: "liuyang" }],
      }, l),
    actions: [
      { action: "ticket.move", value: { id: "tk_2", action: "assign" } },
      { action: "ticket.move", value: { id: "tk_2", action: "assign", assignee: "me" } },
    ],
    inputs: ["assignee"],
  },
  {
    name: "ticket closed",
    card: (l) => T.ticketCard({ ticketId: "tk_3", title: "打印机卡纸", status: "closed", priority: "low", reporter: "宋佳", assignee: "何军", createdAt: at }, l),
    actions: [],
  },
  { name: "help", card: (l) => T.helpCard({}, l), actions: [] },
  { name: "help narrowed", card: (l) => T.helpCard({ prefix: "", commands: ["help", "run"] }, l), actions: [] },
  {
    name: "help topic",
    card: (l) => T.helpTopicCard({ title: "运行作业 · run", summary: "立即运行一个作业", examples: ["运行 日报", "/ops run etl date=2026-11-01"], url: "/help/command-run", missingPermission: "jobs:run" }, l),
    actions: [],
  },
  {
    name: "whoami",
    card: (l) => T.whoamiCard({ displayName: "李娜", username: "lina", deptName: "运营一部", roles: ["运营专员"], platform: "feishu", externalUserId: "ou_123", mfaEnabled: true, boundAt: at }, l),
    actions: [{ action: "identity.unbind", value: { platform: "feishu" }, confirm: true }],
  },
  {
    name: "notification unread",
    card: (l) => T.notificationCard({ notificationId: "ntf_1", type: "job.failed", title: "日报任务失败", body: "exit code 1 after 3 attempts", critical: true, createdAt: at, link: "/jobs/daily-report" }, l),
    actions: [{ action: "notify.read", value: { id: "ntf_1" } }],
  },
  {
    name: "notification read",
    card: (l) => T.notificationCard({ notificationId: "ntf_1", type: "job.failed", title: "Daily report failed", createdAt: at, readAt: at }, l),
    actions: [],
  },
  {
    name: "bind instructions",
    card: (l) => T.bindInstructionsCard({ platform: "slack", bindUrl: "https://ops.example.com/bind#t=abc", expiresInMinutes: 15 }, l),
    actions: [],
  },
  { name: "bind instructions (no link)", card: (l) => T.bindInstructionsCard({ platform: "dingtalk", prefix: "" }, l), actions: [] },
  {
    name: "error 4xx",
    card: (l) => T.errorCard(new AppError("common.validation", { status: 400, errors: [{ field: "job", message: "validation.required" }] }), l, { requestId: "req_1" }),
    actions: [],
  },
  {
    name: "error 5xx",
    card: (l) => T.errorCard(new AppError("db.exploded", { status: 500, params: { secret: "s3cr3t" } }), l, { errorId: "err_42" }),
    actions: [],
  },
];

/** The inputs the brief asks every platform to survive. */
export function hugeCard(locale: Locale = "zh-CN"): Card {
  const para = "运维平台的巨大段落，包含 **粗体**、`代码` 和 [链接](https://example.com/x?a=1&b=2)。 ";
  let markdown = "";
  while (markdown.length < 20_000) markdown += para;
  return {
    locale,
    header: { title: "超大卡片 ".repeat(40), subtitle: "subtitle ".repeat(30), tone: "warning" },
    summary: "huge",
    link: "/reports/huge",
    blocks: [
      { type: "fields", fields: Array.from({ length: 30 }, (_, i) => ({ label: `字段 ${i}`, value: "值".repeat(300) })) },
      { type: "markdown", text: markdown },
      {
        type: "table",
        columns: Array.from({ length: 12 }, (_, i) => ({ key: `c${i}`, label: `列 ${i}` })),
        rows: Array.from({ length: 500 }, (_, r) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`c${i}`, `行${r}-${i} 数据`]))),
      },
      { type: "diff", rows: Array.from({ length: 300 }, (_, i) => ({ key: `key.${i}`, before: i % 3 ? `old-${i}` : null, after: i % 5 ? `new-${i}` : null })) },
      ...Array.from({ length: 70 }, (_, i) => ({ type: "context" as const, text: `上下文 ${i}` })),
      { type: "select", name: "pick", label: "选择", options: Array.from({ length: 150 }, (_, i) => ({ label: `选项 ${i}`, value: `v${i}` })) },
      { type: "input", name: "note", label: "备注 ".repeat(500), maxLength: 99_999 },
      { type: "actions", buttons: Array.from({ length: 60 }, (_, i) => actionButton(`按钮 ${i} `.repeat(10), "demo.click", { i }, { confirm: { title: "确认？".repeat(50), text: "说明".repeat(400) } })) },
    ],
  };
}
