import type { UserActor } from "@ops/shared";
import type { ApprovalEdge, ApprovalNode, FormField } from "@ops/shared/contracts/approvals.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import { definitionBody } from "./approvals.schema.ts";
import { createApprovals } from "./approvals.service.ts";

const LEAVE_FORM: FormField[] = [
  { key: "leave_type", type: "select", label: "假期类型", required: true, options: ["年假", "事假", "病假", "调休"] },
  { key: "dates", type: "date_range", label: "请假日期", required: true },
  { key: "days", type: "number", label: "天数", required: true, min: 0.5, max: 30 },
  { key: "reason", type: "text", label: "事由", required: false },
];
/** 请假: the department head, then (more than 3 days) the head one level up (运营主管 for the ops teams); HR reads a copy. */
const LEAVE_NODES: ApprovalNode[] = [
  { key: "start", type: "start", name: "发起" },
  { key: "head", type: "approver", name: "部门负责人", approvers: { type: "dept_head", level: 1 }, mode: "or", on_empty: "to_admin" },
  { key: "long", type: "condition", name: "天数判断" },
  { key: "manager", type: "approver", name: "运营主管", approvers: { type: "dept_head", level: 2 }, mode: "or", on_empty: "auto_pass" },
  { key: "notify_hr", type: "cc", name: "抄送审计", cc: { type: "role", role: "auditor" } },
  { key: "end", type: "end", name: "结束" },
];
const LEAVE_EDGES: ApprovalEdge[] = [
  { from: "start", to: "head" }, { from: "head", to: "long" }, { from: "long", to: "manager", condition: "form.days > 3" },
  { from: "long", to: "notify_hr" }, { from: "manager", to: "notify_hr" }, { from: "notify_hr", to: "end" },
];

const PURCHASE_FORM: FormField[] = [
  { key: "item", type: "text", label: "采购物品", required: true },
  { key: "amount", type: "money", label: "金额（元）", required: true, min: 0 },
  { key: "vendor", type: "text", label: "供应商" },
  { key: "lines", type: "table", label: "明细", columns: [
    { key: "name", type: "text", label: "名称", required: true }, { key: "qty", type: "number", label: "数量", required: true }, { key: "price", type: "money", label: "单价" },
  ] },
];
/** 采购: the department head; 10 000 元 and more also needs 运营中心 and 技术部 both (countersign). */
function purchaseGraph(countersign: string[]): { nodes: ApprovalNode[]; edges: ApprovalEdge[] } {
  return {
    nodes: [
      { key: "start", type: "start", name: "发起" },
      { key: "head", type: "approver", name: "部门负责人", approvers: { type: "dept_head", level: 1 }, mode: "or", on_empty: "to_admin" },
      { key: "big", type: "condition", name: "金额判断" },
      { key: "joint", type: "approver", name: "会签", approvers: { type: "users", users: countersign }, mode: "and" },
      { key: "end", type: "end", name: "结束" },
    ],
    edges: [{ from: "start", to: "head" }, { from: "head", to: "big" }, { from: "big", to: "joint", condition: "form.amount >= 10000" }, { from: "big", to: "end" }, { from: "joint", to: "end" }],
  };
}

/** The demo's people as actors (the seeder runs outside a request). */
async function actorOf(db: Db, username: string): Promise<UserActor | null> {
  const u = await db.get<{ id: string; display_name: string; dept_id: string | null }>("SELECT id, display_name, dept_id FROM users WHERE username = ? AND deleted_at IS NULL", [username]);
  return u ? { kind: "user", userId: u.id, username, displayName: u.display_name, deptId: u.dept_id, roleIds: [], permissions: ["*"], sessionId: null, locale: "zh-CN" } : null;
}

export async function seedDemoApprovals(db: Db, clock: Clock): Promise<void> {
  const a = createApprovals({ db, clock });
  const [admin, lina, wangfang, zhoujie, zhengyu, zhangwei, xuhao] = await Promise.all(
    ["admin", "lina", "wangfang", "zhoujie", "zhengyu", "zhangwei", "xuhao"].map((u) => actorOf(db, u)),
  );
  if (!admin || !lina || !wangfang || !zhoujie || !zhengyu || !zhangwei || !xuhao) return;
  await a.definitions.create(admin, definitionBody.parse({ key: "leave", name: "请假", description: "请假申请：超过 3 天需上一级负责人审批", form: LEAVE_FORM, nodes: LEAVE_NODES, edges: LEAVE_EDGES }));
  await a.definitions.publish(admin, "leave");
  await a.definitions.create(admin, definitionBody.parse({ key: "purchase", name: "采购", description: "采购申请：1 万元及以上由运营中心与技术部会签", form: PURCHASE_FORM, ...purchaseGraph([zhangwei.userId, xuhao.userId]) }));
  await a.definitions.publish(admin, "purchase");

  const todo = async (actor: UserActor) => (await a.listTasks(actor, { box: "todo", page: 1, page_size: 50 })).items;
  // pending at 周杰 (2 days)
  await a.instances.start(lina, { definition: "leave", title: "李娜的年假申请", form: { leave_type: "年假", dates: ["2026-12-21", "2026-12-22"], days: 2, reason: "家中有事" }, approvers: {} });
  // 郑宇 approved, now with 张伟 (5 days)
  await a.instances.start(wangfang, { definition: "leave", title: "王芳的事假申请", form: { leave_type: "事假", dates: ["2026-12-14", "2026-12-18"], days: 5, reason: "回老家办理证件" }, approvers: {} });
  for (const t of await todo(zhengyu)) await a.tasks.approve(zhengyu, t.id, "同意，注意交接");
  // approved purchase
  const pc = await a.instances.start(lina, { definition: "purchase", title: "采购显示器 2 台", form: { item: "27 寸显示器", amount: 3600, vendor: "京东企业购", lines: [{ name: "27 寸显示器", qty: 2, price: 1800 }] }, approvers: {} });
  for (const t of (await todo(zhoujie)).filter((x) => x.instance_id === pc.id)) await a.tasks.approve(zhoujie, t.id, "同意");
  // withdrawn purchase
  const wd = await a.instances.start(wangfang, { definition: "purchase", title: "采购会议室投影仪", form: { item: "投影仪", amount: 12800, vendor: "明基" }, approvers: {} });
  await a.instances.withdraw(wangfang, wd.id, "预算调整，暂缓");
}

/** The demo seeder (order 120: after the company, whose people start and decide the approvals). */
export const approvalsDemoSeeder = { name: "approvals", order: 120, seed: (ctx: { db: Db; clock: Clock }) => seedDemoApprovals(ctx.db, ctx.clock) };
