import type { ConfigRelease } from "../../../data/config-flow.ts";
import { tr } from "../../../providers/i18n.ts";

/** Release statuses: 灰度中 / 全量 / 已终止 / 已被取代, each with its badge; kinds in words. */
const BADGE: Record<ConfigRelease["status"], string> = { gray: "badge--warn", full: "badge--ok", aborted: "badge--danger", superseded: "badge--muted" };
export const relStatusName = (s: ConfigRelease["status"]) => tr(`configFlow.rel.status.${s}`);
export const relStatusBadge = (s: ConfigRelease["status"]) => `badge ${BADGE[s]}`;
export const relKindName = (k: ConfigRelease["kind"]) => tr(`configFlow.rel.kind.${k}`);

/** Words from a comma- or space-separated input (consumer names, labels). */
export const words = (s: string) => s.split(/[,，\s]+/).map((w) => w.trim()).filter(Boolean);
