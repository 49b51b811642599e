import type { FeedbackAction, FeedbackCategory, FeedbackStatus } from "@ops/shared/contracts/feedback.ts";
import type { Clock } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/db.ts";
import { insertRow } from "../../platform/db/query.ts";

const DAY = 86_400_000;

type Step = { by: string; action: FeedbackAction | "comment"; daysAgo: number; comment?: string; assignee?: string };
type DemoFeedback = { by: string; category: FeedbackCategory; page: string; content: string; daysAgo: number; steps: Step[] };

const NEXT: Record<FeedbackAction, FeedbackStatus> = { triage: "triaged", start: "in_progress", resolve: "resolved", reject: "rejected", reopen: "new", close: "closed" };

/** A handful of feedback in every state, filed by the demo company's people and handled by their managers. */
const ITEMS: DemoFeedback[] = [
  {
    by: "lina", category: "bug", page: "/iam/users", daysAgo: 5, content: "用户列表翻到第 2 页后，部门筛选条件被清空了，只能重新选择。",
    steps: [
      { by: "zhangwei", action: "triage", daysAgo: 4, assignee: "zhangwei" },
      { by: "zhangwei", action: "start", daysAgo: 3, comment: "已复现，正在修复，预计本周发布。" },
    ],
  },
  {
    by: "wangfang", category: "suggestion", page: "/notifications", daysAgo: 1, content: "希望通知中心可以按类型批量标记已读，告警类通知太多了。", steps: [],
  },
  {
    by: "songjia", category: "question", page: "/chat", daysAgo: 6, content: "在飞书里怎么查看某个作业最近的运行日志？",
    steps: [
      { by: "luoting", action: "resolve", daysAgo: 2, comment: "发送「runs 作业名」可查看最近运行，点卡片上的「查看日志」即可打开日志。", assignee: "luoting" },
    ],
  },
  {
    by: "liuyang", category: "bug", page: "/profile", daysAgo: 2, content: "绑定两步验证时，二维码在系统暗色模式下对比度很低，扫不出来。",
    steps: [{ by: "gaofeng", action: "triage", daysAgo: 1, assignee: "gaofeng" }],
  },
  {
    by: "wuqian", category: "other", page: "/", daysAgo: 9, content: "首页能否直接显示本部门本周的审批待办数量？",
    steps: [{ by: "zhoujie", action: "reject", daysAgo: 7, comment: "工作台已在规划中，会在下个版本统一提供，这条先关闭跟踪。" }],
  },
  {
    by: "lina", category: "suggestion", page: "/iam/departments", daysAgo: 13, content: "部门树希望支持拖拽调整顺序。",
    steps: [
      { by: "zhangwei", action: "start", daysAgo: 12, assignee: "zhangwei" },
      { by: "zhangwei", action: "resolve", daysAgo: 10, comment: "已支持在部门对话框中调整排序值。" },
      { by: "lina", action: "close", daysAgo: 9 },
    ],
  },
];

/**
 * Demo feedback (OPS_DEMO=1): written straight into the store with its timeline, like the demo
 * company's users, so the handlers' page and 我的反馈 have something in every state. No
 * notifications are sent for it. Items whose people are not in the store are skipped.
 */
export const feedbackDemoSeeder = {
  name: "feedback",
  order: 110,
  async seed(ctx: { db: Db; clock: Clock }): Promise<void> {
    const { db } = ctx;
    const people = new Map((await db.all<{ id: string; username: string; dept_id: string | null }>(
      "SELECT id, username, dept_id FROM users WHERE deleted_at IS NULL",
    )).map((u) => [u.username, u]));
    const at = (daysAgo: number) => new Date(ctx.clock.now().getTime() - daysAgo * DAY).toISOString();
    const items = ITEMS.filter((f) => [f.by, ...f.steps.flatMap((s) => [s.by, s.assignee ?? s.by])].every((u) => people.has(u)))
      .sort((a, b) => b.daysAgo - a.daysAgo);
    await db.tx(async () => {
      const start = Number((await db.get<{ n: number | string | null }>("SELECT MAX(no) AS n FROM feedback"))?.n ?? 0);
      for (const [i, f] of items.entries()) {
        const id = newId();
        const submitter = people.get(f.by)!;
        let status: FeedbackStatus = "new";
        let assignee: string | null = null;
        let lastReply: string | null = null;
        let changed = at(f.daysAgo);
        const events: Array<Record<string, unknown>> = [
          { kind: "created", action: null, from_status: null, to_status: "new", comment: null, assignee_id: null, actor_id: submitter.id, created_at: at(f.daysAgo) },
        ];
        for (const s of f.steps) {
          const actor = people.get(s.by)!;
          if (s.action === "comment") {
            events.push({ kind: "comment", action: null, from_status: null, to_status: null, comment: s.comment ?? null, assignee_id: null, actor_id: actor.id, created_at: at(s.daysAgo) });
            continue;
          }
          const to = NEXT[s.action];
          const newAssignee: string | null = s.assignee ? people.get(s.assignee)!.id : assignee;
          events.push({
            kind: "transition", action: s.action, from_status: status, to_status: to, comment: s.comment ?? null,
            assignee_id: newAssignee !== assignee ? newAssignee : null, actor_id: actor.id, created_at: at(s.daysAgo),
          });
          if (s.comment && s.by !== f.by) lastReply = s.comment;
          status = to;
          assignee = newAssignee;
          changed = at(s.daysAgo);
        }
        await insertRow(db, "feedback", {
          id, no: start + i + 1, category: f.category, status, content: f.content, page: f.page,
          context: JSON.stringify({ app_version: "0.1.0", language: "zh-CN", viewport: "1440x900", online: true }),
          submitter_id: submitter.id, dept_id: submitter.dept_id, assignee_id: assignee, via: "web", has_screenshot: 0,
          last_reply: lastReply, created_at: at(f.daysAgo), updated_at: changed, status_changed_at: changed,
        });
        for (const e of events) await insertRow(db, "feedback_events", { id: newId(), feedback_id: id, via: "web", ...e });
      }
    });
  },
};
