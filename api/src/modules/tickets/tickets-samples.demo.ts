import { TICKET_SLA, type TicketAction, type TicketPriority, type TicketStatus } from "@ops/shared/contracts/tickets.ts";
import type { DemoSeeder } from "../../demo/registry.ts";
import { iso } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/db.ts";
import { insertRow } from "../../platform/db/query.ts";

const HOUR = 3600_000;

type Step = { by: string; action: TicketAction; to: TicketStatus; hoursAgo: number; comment?: string; assignee?: string };
type Sample = { title: string; kind: "issue" | "requirement"; priority: TicketPriority; description: string; hoursAgo: number; steps: Step[] };

/** A few tickets of 宋佳 at different steps, so each party of the demo finds work on the board. */
const SAMPLES: Sample[] = [
  { title: "客服系统工单导出 Excel 乱码", kind: "issue", priority: "high", description: "导出的 Excel 用 WPS 打开中文全是乱码，Office 正常。", hoursAgo: 3, steps: [] },
  {
    title: "呼叫中心坐席增加 10 个账号", kind: "requirement", priority: "medium", description: "下月新增一个班组，需要开通 10 个坐席账号并配置录音。", hoursAgo: 30,
    steps: [
      { by: "luoting", action: "review_approve", to: "reviewed", hoursAgo: 28, comment: "同意，按班组名单开通" },
      { by: "mazhiqiang", action: "assign", to: "assigned", hoursAgo: 26, assignee: "hejun" },
    ],
  },
  {
    title: "知识库搜索响应慢", kind: "issue", priority: "urgent", description: "高峰期搜索要 10 秒以上，坐席无法及时回答客户。", hoursAgo: 50,
    steps: [
      { by: "luoting", action: "review_approve", to: "reviewed", hoursAgo: 49.7 },
      { by: "mazhiqiang", action: "assign", to: "assigned", hoursAgo: 49, assignee: "hejun" },
      { by: "hejun", action: "start", to: "in_progress", hoursAgo: 48 },
      { by: "hejun", action: "submit", to: "done", hoursAgo: 20, comment: "已为搜索字段加索引并开启缓存，高峰期 P95 降到 400 ms。" },
    ],
  },
];

const idOf = async (db: Db, username: string) => (await db.get<{ id: string; dept_id: string | null }>("SELECT id, dept_id FROM users WHERE username = ?", [username]));

/** Sample tickets (after the ticket roles); skipped without the demo company's people. */
export const ticketSamplesDemoSeeder: DemoSeeder = {
  name: "tickets-samples",
  order: 121,
  async seed({ db, clock }) {
    const reporter = await idOf(db, "songjia");
    if (!reporter) return;
    const now = clock.now().getTime();
    const at = (hoursAgo: number) => iso(new Date(now - hoursAgo * HOUR));
    let no = Number((await db.get<{ n: number | string | null }>("SELECT MAX(no) AS n FROM tickets"))?.n ?? 0);
    for (const s of SAMPLES) {
      const id = newId();
      const opened = now - s.hoursAgo * HOUR;
      const last = s.steps.at(-1);
      let assignee: string | null = null;
      for (const st of s.steps) if (st.assignee) assignee = (await idOf(db, st.assignee))?.id ?? null;
      const sla = TICKET_SLA[s.priority];
      await insertRow(db, "tickets", {
        id, no: ++no, title: s.title, kind: s.kind, priority: s.priority, status: last?.to ?? "pending_review", description: s.description,
        reporter_id: reporter.id, dept_id: reporter.dept_id, assignee_id: assignee, via: "web",
        response_due_at: iso(new Date(opened + sla.response * 60_000)), resolution_due_at: iso(new Date(opened + sla.resolution * 60_000)),
        responded_at: s.steps[0] ? at(s.steps[0].hoursAgo) : null, resolved_at: last?.to === "done" ? at(last.hoursAgo) : null,
        sla_reminded: "", sla_breached: 0, created_at: at(s.hoursAgo), updated_at: at(last?.hoursAgo ?? s.hoursAgo), status_changed_at: at(last?.hoursAgo ?? s.hoursAgo),
      });
      await insertRow(db, "ticket_events", {
        id: newId(), ticket_id: id, kind: "created", action: null, from_status: null, to_status: "pending_review", comment: null, assignee_id: null,
        actor_id: reporter.id, via: "web", created_at: at(s.hoursAgo),
      });
      let from: TicketStatus = "pending_review";
      for (const st of s.steps) {
        await insertRow(db, "ticket_events", {
          id: newId(), ticket_id: id, kind: "transition", action: st.action, from_status: from, to_status: st.to, comment: st.comment ?? null,
          assignee_id: st.assignee ? ((await idOf(db, st.assignee))?.id ?? null) : null, actor_id: (await idOf(db, st.by))?.id ?? null, via: "web", created_at: at(st.hoursAgo),
        });
        from = st.to;
      }
    }
  },
};
