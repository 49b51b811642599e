import { t } from "@ops/shared";
import { feedbackNumber, type Feedback } from "@ops/shared/contracts/feedback.ts";
import type { WidgetDefinition } from "../workbench.contract.ts";
import type { FeedbackSource } from "./sources.ts";

const TITLE_CHARS = 40;

/**
 * 待处理反馈: open feedback (待处理, 已受理, 处理中) in the handler's data scope, what is assigned to
 * them first. Each item opens that feedback on the handlers' page (`/feedback?id=`).
 */
export function openFeedbackWidget(feedback: FeedbackSource): WidgetDefinition {
  return {
    id: "feedback.open",
    kind: "todo",
    title: "workbench.feedback.title",
    permission: "feedback:manage",
    order: 25,
    empty: { text: "workbench.feedback.empty", action: { label: "workbench.feedback.more", href: "/feedback" } },
    async load({ actor, locale }) {
      const queue = await feedback.openQueue(actor, 5);
      return {
        count: queue.total,
        items: queue.items.map((f) => {
          const mine = f.assignee?.id === actor.userId;
          const parts = [feedbackNumber(f.no), t(locale, `feedback.category.${f.category}`), t(locale, `feedback.status.${f.status}`)];
          if (mine) parts.push(t(locale, "workbench.feedback.assigned_to_me"));
          else if (f.submitter) parts.push(f.submitter.display_name);
          return {
            title: shorten(f.content),
            subtitle: parts.join(" · "),
            href: `/feedback?id=${encodeURIComponent(f.id)}`,
            at: f.created_at,
            tone: mine ? "warning" : f.status === "new" ? "info" : null,
          };
        }),
        more: queue.total > 0 ? { label: "workbench.feedback.more", href: "/feedback" } : null,
      };
    },
  };
}

function shorten(content: Feedback["content"]): string {
  const line = Array.from(content.replace(/\s+/g, " ").trim());
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1).join("")}…` : line.join("");
}
