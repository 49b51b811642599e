import { ticketNumber } from "@ops/shared/contracts/tickets.ts";
import type { WidgetDefinition } from "../workbench/index.ts";
import type { TicketsService } from "./tickets.service.ts";

const SHOWN = 5;

/** 我的工单: open tickets the reader reported or is assigned, the soonest due first; breached ones in red. */
export function ticketsWidgets(tickets: TicketsService): WidgetDefinition[] {
  const mine: WidgetDefinition = {
    id: "tickets.mine",
    kind: "todo",
    title: { "zh-CN": "我的工单", en: "My open tickets" },
    permission: "menu:tickets",
    order: 80,
    empty: { text: { "zh-CN": "没有进行中的工单", en: "No open tickets" } },
    async load({ actor }) {
      const { total, items } = await tickets.myOpen(actor, SHOWN);
      return {
        count: total,
        items: items.map((tk) => ({
          title: `${ticketNumber(tk.no)} ${tk.title}`, subtitle: null, href: `/tickets/${tk.id}`, at: tk.updated_at,
          tone: tk.sla_breached ? ("danger" as const) : ("info" as const),
        })),
        more: total > SHOWN ? { label: { "zh-CN": "全部工单", en: "All tickets" }, href: "/tickets?view=mine" } : null,
      };
    },
  };
  return [mine];
}
