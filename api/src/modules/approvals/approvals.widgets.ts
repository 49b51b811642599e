import type { WidgetDefinition } from "../workbench/index.ts";
import { APPROVALS_VIEW } from "./approvals.deps.ts";
import type { Approvals } from "./approvals.service.ts";

const SHOWN = 5;

/** Home workbench widget `approvals.todo`: my 待办 count and the newest five. */
export function approvalsWidgets(approvals: Approvals): WidgetDefinition[] {
  const todo: WidgetDefinition = {
    id: "approvals.todo",
    kind: "todo",
    title: { "zh-CN": "待我审批", en: "Awaiting my approval" },
    permission: APPROVALS_VIEW,
    order: 20,
    // every state links to the PWA inbox: the empty one to all boxes, a non-empty one to 待办
    empty: { text: { "zh-CN": "没有待办审批", en: "Nothing to approve" }, action: { label: { "zh-CN": "打开审批", en: "Open approvals" }, href: "/approvals" } },
    async load({ actor }) {
      const page = await approvals.listTasks(actor, { box: "todo", page: 1, page_size: SHOWN });
      return {
        count: page.total,
        items: page.items.map((t) => ({ title: t.instance_title, subtitle: `${t.initiator_name ?? ""} · ${t.node_name}`, href: `/approvals/${t.instance_id}`, at: t.created_at, tone: "warning" as const })),
        more: page.total > 0 ? { label: { "zh-CN": "全部待办", en: "All to-dos" }, href: "/approvals?box=todo" } : null,
      };
    },
  };
  return [todo];
}
