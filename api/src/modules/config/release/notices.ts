import { pickLocale, t, type Locale } from "@ops/shared";
import {
  CONFIG_NOTICE_ROWS_MAX, configDiffRows, type ConfigChangeSet, type ConfigDiffEntry, type ConfigNoticeData, type ConfigRelease, type ConfigTable,
} from "@ops/shared/contracts/config.ts";
import { iso } from "../../../platform/clock.ts";
import { NOTICE_TYPES, type ReleaseDeps } from "./release.deps.ts";

type Facts = Omit<ConfigNoticeData, "card" | "title" | "body" | "url" | "table" | "table_name" | "actor_name" | "at" | "summary" | "rows" | "rows_total">;

/**
 * Who hears of releases and change sets, each in their own language: a release or rollback reaches the
 * table's subscribers (an emergency publish also its owner department's head); a change set's author hears
 * it was submitted and how it was decided (approved and released, rejected, withdrawn, failed). The data is
 * a ConfigNoticeData (the chat channel sends it as the config-diff card). Sent after commit; a failure is
 * logged and never undoes anything. The actor who caused a notice is not told of it.
 */
export function createNotices(deps: ReleaseDeps) {
  const { db } = deps;
  const link = (path: string) => ({ url: path, ...(deps.publicUrl ? { link: `${deps.publicUrl.replace(/\/$/, "")}${path}` } : {}) });

  async function nameOf(userId: string | null): Promise<string> {
    if (!userId || userId === "system") return "system";
    return (await db.get<{ display_name: string }>("SELECT display_name FROM users WHERE id = ?", [userId]))?.display_name ?? userId;
  }

  async function send(
    type: string, userIds: string[], table: { name: string; display_name: string }, by: string | null, path: string, diff: ConfigDiffEntry[],
    facts: Facts & { status?: string; kind?: string; emergency?: boolean }, compose: (l: Locale) => { title: string; body: string },
  ) {
    const ids = [...new Set(userIds.filter((id) => id && id !== by))];
    if (!deps.sender || !ids.length) return;
    const people = await db.all<{ id: string; locale: string | null }>(
      `SELECT id, locale FROM users WHERE status = 'active' AND deleted_at IS NULL AND id IN (${ids.map(() => "?").join(", ")})`, ids,
    );
    const rows = configDiffRows(diff);
    const summary = { added: diff.filter((e) => e.op === "added").length, changed: diff.filter((e) => e.op === "changed").length, removed: diff.filter((e) => e.op === "removed").length };
    const base = {
      card: "config-diff" as const, table: table.name, table_name: table.display_name || table.name, actor_name: await nameOf(by), at: iso(deps.clock.now()),
      summary, rows: rows.slice(0, CONFIG_NOTICE_ROWS_MAX), ...(rows.length > CONFIG_NOTICE_ROWS_MAX ? { rows_total: rows.length } : {}), ...facts, ...link(path),
    };
    const byLocale = new Map<Locale, string[]>();
    for (const p of people) {
      const l = pickLocale(p.locale ?? undefined);
      byLocale.set(l, [...(byLocale.get(l) ?? []), p.id]);
    }
    for (const [locale, recipients] of byLocale) {
      try {
        await deps.sender.send({ type, recipients, data: { ...base, ...compose(locale) } });
      } catch (e) {
        deps.logger?.warn("config release notice failed", { type, err: e });
      }
    }
  }

  async function ownerHead(table: ConfigTable): Promise<string[]> {
    if (!table.owner_department_id) return [];
    const d = await db.get<{ leader_id: string | null }>("SELECT leader_id FROM departments WHERE id = ?", [table.owner_department_id]);
    return d?.leader_id ? [d.leader_id] : [];
  }

  const name = (table: ConfigTable) => table.display_name || table.name;
  const history = (table: string, from: number | null | undefined, to: number) => (from ? `/config/${table}/history?from=${from}&to=${to}` : `/config/${table}/history`);

  return {
    /**
     * A release (full or gray), a promote, or a rollback's release: the table's subscribers. `diff`: what it
     * changed against `from` (the version consumers had); absent, it is read from the data layer.
     */
    async released(table: ConfigTable, rel: ConfigRelease, o: { by: string | null; reason: string; emergency?: boolean; promoted?: boolean; diff?: ConfigDiffEntry[]; from?: number | null }) {
      const rollback = rel.kind === "rollback";
      const people = [...table.subscribers, ...(o.emergency ? await ownerHead(table) : [])];
      const kind = rollback ? "rolled_back" : o.emergency ? "emergency" : rel.status === "gray" ? "gray" : o.promoted ? "promoted" : "released";
      const from = o.from ?? null;
      const diff = o.diff ?? (from !== null && from !== rel.version ? await deps.data.diff(table, from, rel.version).catch(() => []) : []);
      const by = await nameOf(o.by);
      await send(rollback ? NOTICE_TYPES.rolledBack : NOTICE_TYPES.released, people, table, o.by, history(table.name, from, rel.version), diff, {
        reason: o.reason, release: rel.number, gray: rel.status === "gray" ? rel.gray : null, from_version: from, to_version: rel.version,
        change_set_id: rel.change_set_id, status: rel.status, kind: rel.kind, emergency: Boolean(o.emergency),
      }, (l) => ({
        title: t(l, `config.release.notice.${kind}_title`, { table: name(table), number: rel.number, version: rel.version }),
        body: t(l, "config.release.notice.release_body", { by, reason: o.reason, number: rel.number, version: rel.version }),
      }));
    },
    /** A gray release ended without promotion: the subscribers hear the previous release stays (records restored to it). */
    async aborted(table: ConfigTable, rel: ConfigRelease, o: { by: string; reason: string; restoredVersion: number | null; to: number | null }) {
      const diff = o.to !== null ? await deps.data.diff(table, rel.version, o.to).catch(() => []) : [];
      await send(NOTICE_TYPES.rolledBack, table.subscribers, table, o.by, history(table.name, rel.version, o.to ?? rel.version), diff, {
        reason: o.reason, release: rel.number, from_version: rel.version, to_version: o.to, restored_version: o.restoredVersion, status: "aborted", kind: rel.kind,
      }, (l) => ({
        title: t(l, "config.release.notice.aborted_title", { table: name(table), number: rel.number }),
        body: t(l, "config.release.notice.aborted_body", { reason: o.reason }),
      }));
    },
    /** The author's copy: the set went to approval. */
    async requested(table: ConfigTable, set: ConfigChangeSet) {
      await send(NOTICE_TYPES.requested, [set.author_id], table, null, `/config/change-sets/${set.id}`, set.diff, {
        reason: set.reason, change_set_id: set.id, status: set.status, gray: set.gray,
      }, (l) => ({
        title: t(l, "config.release.notice.requested_title", { table: name(table) }),
        body: t(l, "config.release.notice.requested_body", { count: set.diff.length, reason: set.reason }),
      }));
    },
    /** The author hears the outcome (released, scheduled, rejected, withdrawn by someone else, failed with the error). */
    async decided(table: ConfigTable | null, set: ConfigChangeSet, by: string | null) {
      if (by === set.author_id) return;
      const decision = set.status === "failed" ? "failed" : set.status === "rejected" ? "rejected" : set.status === "withdrawn" ? "withdrawn" : "approved";
      await send(NOTICE_TYPES.decided, [set.author_id], { name: set.table, display_name: table ? name(table) : set.table }, by, `/config/change-sets/${set.id}`, set.diff, {
        reason: set.reason, change_set_id: set.id, decision, release: set.release, to_version: set.version, status: set.status,
      }, (l) => ({
        title: t(l, "config.release.notice.decided_title", { table: table ? name(table) : set.table, status: t(l, `config.release.status.${set.status}`) }),
        body: set.error ? t(l, "config.release.notice.failed_body", { error: set.error }) : t(l, "config.release.notice.decided_body", { reason: set.reason }),
      }));
    },
  };
}

export type Notices = ReturnType<typeof createNotices>;
