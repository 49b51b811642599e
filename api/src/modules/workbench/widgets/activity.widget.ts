import { hasPermission } from "@ops/shared";
import { auditResult, auditResultName, auditViaText } from "@ops/shared/contracts/audit.ts";
import type { WidgetDefinition } from "../workbench.contract.ts";
import type { AuditSource } from "./sources.ts";

/**
 * 我的最近操作: the reader's own audit rows, newest first, with the action named in words, where it came
 * from (网页, Slack: 运行 …) and how it ended. Own rows are always in one's data scope; the link to the
 * audit log, filtered to the reader, only shows to readers who may open it.
 */
export function myActivityWidget(audit: AuditSource): WidgetDefinition {
  return {
    id: "audit.my_activity",
    kind: "feed",
    title: "workbench.activity.title",
    permission: null,
    order: 50,
    empty: { text: "workbench.activity.empty", action: { label: "workbench.activity.open_chat", href: "/chat" } },
    async load({ actor, locale }) {
      const page = await audit.listLogs(actor, { page: 1, page_size: 5, actor: actor.userId, sort: "-ts" }, locale);
      // the audit log filtered to me (it reads its filters from the URL)
      const href = hasPermission(actor, "audit:log:list") ? `/audit/logs?actor=${encodeURIComponent(actor.username)}` : null;
      return {
        count: page.total,
        items: page.items.map((r) => {
          const result = auditResult(r.status);
          const via = auditViaText(locale, r.via);
          return {
            title: r.action_name,
            subtitle: [via, auditResultName(locale, r.status)].filter(Boolean).join(" · "),
            href,
            at: r.ts,
            tone: result === "success" ? null : result === "failure" ? "danger" : "warning",
          };
        }),
        more: href ? { label: "workbench.activity.more", href } : null,
      };
    },
  };
}
