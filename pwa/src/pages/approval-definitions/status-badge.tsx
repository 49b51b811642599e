import type { DefinitionStatus } from "@ops/shared/contracts/approvals.ts";
import type { JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";

const TONE: Record<DefinitionStatus, string> = { draft: "warn", published: "ok", archived: "muted" };

/** 草稿 / 已发布 / 已归档 */
export function StatusBadge(props: { status: DefinitionStatus }): JSX.Element {
  return <span class={`badge badge--${TONE[props.status]}`} data-testid="apd-status" data-status={props.status}>{tr(`apd.status.${props.status}`)}</span>;
}
