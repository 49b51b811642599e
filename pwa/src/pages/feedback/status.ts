import type { FeedbackStatus } from "../../data/feedback.ts";
import { tr } from "../../providers/i18n.ts";

const BADGE: Record<FeedbackStatus, string> = {
  new: "badge--warn",
  triaged: "badge--menu",
  in_progress: "badge--menu",
  resolved: "badge--ok",
  rejected: "badge--danger",
  closed: "badge--muted",
};

export const statusBadge = (s: FeedbackStatus) => `badge ${BADGE[s] ?? "badge--muted"}`;
export const statusName = (s: string) => tr(`feedback.status.${s}`);
export const categoryName = (c: string) => tr(`feedback.category.${c}`);
/** "web", "api" or a chat platform name (Feishu, Slack, DingTalk are shown as such). */
export const viaName = (via: string) => ({ web: tr("feedback.via.web"), api: tr("feedback.via.api"), feishu: "飞书 Feishu", slack: "Slack", dingtalk: "钉钉 DingTalk" })[via] ?? via;
