import type { WidgetDefinition } from "../../workbench/index.ts";
import { CONFIG_VIEW, type ReleaseApprovals } from "./release.deps.ts";
import type { Db } from "../../../platform/db/db.ts";
import { CHANGE_SET_FROM, CHANGE_SET_SELECT, toChangeSet, type ChangeSetRow } from "./store.ts";

const SHOWN = 5;

/**
 * Home workbench widget `config.changes`: change sets waiting for me (their approval has a pending task of
 * mine) and my own pending sets; the count and the newest five, each linking to its change set page.
 */
export function configReleaseWidgets(db: Db, approvals: ReleaseApprovals): WidgetDefinition[] {
  const changes: WidgetDefinition = {
    id: "config.changes",
    kind: "todo",
    title: { "zh-CN": "配置变更待处理", en: "Config changes waiting" },
    permission: CONFIG_VIEW,
    order: 25,
    empty: { text: { "zh-CN": "没有待处理的配置变更", en: "No config changes waiting" }, action: { label: { "zh-CN": "打开配置中心", en: "Open config center" }, href: "/config" } },
    async load({ actor, locale }) {
      const mine = await approvals.pendingFor(actor.userId);
      const ids = mine.length ? `OR s.approval_id IN (${mine.map(() => "?").join(", ")})` : "";
      const where = `WHERE s.status = 'pending' AND (s.author_id = ? ${ids})`;
      const params = [actor.userId, ...mine];
      const count = await db.get<{ c: number | string }>(`SELECT CAST(COUNT(*) AS INTEGER) AS c FROM config_change_sets s ${where}`, params);
      const rows = await db.all<ChangeSetRow>(`SELECT ${CHANGE_SET_SELECT} FROM ${CHANGE_SET_FROM} ${where} ORDER BY s.created_at DESC, s.id DESC LIMIT ${SHOWN}`, params);
      return {
        count: Number(count?.c ?? 0),
        items: rows.map(toChangeSet).map((s) => ({
          title: `${s.table} · ${s.reason}`.slice(0, 200),
          subtitle: s.author_id === actor.userId ? (locale === "en" ? "Mine, waiting for approval" : "我提交的，待审批") : `${s.author_name ?? ""} · ${locale === "en" ? "waiting for my approval" : "待我审批"}`,
          href: `/config/change-sets/${s.id}`, at: s.created_at, tone: "warning" as const,
        })),
        more: null,
      };
    },
  };
  return [changes];
}
