import { t } from "@ops/shared/i18n/index.ts";
import type { ApprovalStatus, ApprovalTask } from "../../data/approvals.ts";
import { locale, tr } from "../../providers/i18n.ts";

/** Instance statuses in the API's words (its errors and notices use the same catalogue); task statuses and timeline words are the PWA's. */
export const statusName = (s: ApprovalStatus) => t(locale(), `approvals.status.${s}`);
export const taskStatusName = (s: ApprovalTask["status"]) => tr(`approvals.task_status.${s}`);
export const modeName = (m: string | null | undefined) => tr(`approvals.mode.${m ?? "or"}`);

const BADGE: Record<ApprovalStatus, string> = { pending: "badge--warn", approved: "badge--ok", rejected: "badge--danger", withdrawn: "badge--muted" };
export const statusBadge = (s: ApprovalStatus) => `badge ${BADGE[s]}`;

const TASK_BADGE: Partial<Record<ApprovalTask["status"], string>> = {
  pending: "badge--warn", waiting: "badge--muted", approved: "badge--ok", rejected: "badge--danger", transferred: "badge--menu", unread: "badge--warn", read: "badge--muted",
};
export const taskBadge = (s: ApprovalTask["status"]) => `badge ${TASK_BADGE[s] ?? "badge--muted"}`;
