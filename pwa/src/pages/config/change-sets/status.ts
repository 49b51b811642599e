import type { ChangeSetStatus, GraySpec } from "../../../data/config-flow.ts";
import { tr } from "../../../providers/i18n.ts";

/** Change-set statuses in the UI's words with their badge; a gray spec as one line. */
const BADGE: Record<ChangeSetStatus, string> = {
  pending: "badge--warn", approved: "badge--menu", rejected: "badge--danger", withdrawn: "badge--muted",
  scheduled: "badge--menu", released: "badge--ok", failed: "badge--danger",
};
export const csStatusName = (s: ChangeSetStatus) => tr(`configFlow.cs.status.${s}`);
export const csStatusBadge = (s: ChangeSetStatus) => `badge ${BADGE[s]}`;

export function grayText(g: GraySpec | null | undefined): string {
  if (!g) return tr("configFlow.gray.full");
  const parts: string[] = [];
  if (g.percent !== undefined && g.percent !== null) parts.push(tr("configFlow.gray.percent", { n: g.percent }));
  if (g.consumers?.length) parts.push(tr("configFlow.gray.consumers", { names: g.consumers.join(", ") }));
  if (g.labels?.length) parts.push(tr("configFlow.gray.labels", { labels: g.labels.join(", ") }));
  return parts.length ? parts.join(" · ") : tr("configFlow.gray.full");
}
