import { pickLocale, t, type Locale } from "@ops/shared";
import type { ConfigChangeSet, ConfigRelease, ConfigTable } from "@ops/shared/contracts/config.ts";
import { NOTICE_TYPES, type ReleaseDeps } from "./release.deps.ts";

/**
 * Who hears of releases and change sets, each in their own language: a release or rollback reaches the
 * table's subscribers (an emergency publish also its owner department's head); a change set's author hears
 * it was submitted and how it was decided (approved and released, rejected, withdrawn, failed). Sent after
 * commit; a failure is logged and never undoes anything. The actor who caused a notice is not told of it.
 */
export function createNotices(deps: ReleaseDeps) {
  const { db } = deps;
  const link = (path: string) => ({ url: path, ...(deps.publicUrl ? { link: `${deps.publicUrl.replace(/\/$/, "")}${path}` } : {}) });

  async function send(type: string, userIds: string[], compose: (l: Locale) => { title: string; body: string }, data: Record<string, unknown>) {
    const ids = [...new Set(userIds.filter(Boolean))];
    if (!deps.sender || !ids.length) return;
    const people = await db.all<{ id: string; locale: string | null }>(
      `SELECT id, locale FROM users WHERE status = 'active' AND deleted_at IS NULL AND id IN (${ids.map(() => "?").join(", ")})`, ids,
    );
    const byLocale = new Map<Locale, string[]>();
    for (const p of people) {
      const l = pickLocale(p.locale ?? undefined);
      byLocale.set(l, [...(byLocale.get(l) ?? []), p.id]);
    }
    for (const [locale, recipients] of byLocale) {
      try {
        await deps.sender.send({ type, recipients, data: { ...data, ...compose(locale) } });
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

  return {
    /** A release (full or gray), a promote, or a rollback's release: the table's subscribers. */
    async released(table: ConfigTable, rel: ConfigRelease, o: { by: string | null; reason: string; emergency?: boolean; promoted?: boolean }) {
      const rollback = rel.kind === "rollback";
      const people = [...table.subscribers, ...(o.emergency ? await ownerHead(table) : [])].filter((id) => id !== o.by);
      const kind = rollback ? "rolled_back" : o.emergency ? "emergency" : rel.status === "gray" ? "gray" : o.promoted ? "promoted" : "released";
      await send(rollback ? NOTICE_TYPES.rolledBack : NOTICE_TYPES.released, people, (l) => ({
        title: t(l, `config.release.notice.${kind}_title`, { table: name(table), number: rel.number, version: rel.version }),
        body: t(l, "config.release.notice.release_body", { by: rel.released_by_name ?? "", reason: o.reason, number: rel.number, version: rel.version }),
      }), { table: table.name, release: rel.number, version: rel.version, status: rel.status, kind: rel.kind, emergency: Boolean(o.emergency), ...link(`/config/${table.name}/history`) });
    },
    /** A gray release ended without promotion: the subscribers hear the previous release stays. */
    async aborted(table: ConfigTable, rel: ConfigRelease, o: { by: string; reason: string }) {
      await send(NOTICE_TYPES.rolledBack, table.subscribers.filter((id) => id !== o.by), (l) => ({
        title: t(l, "config.release.notice.aborted_title", { table: name(table), number: rel.number }),
        body: t(l, "config.release.notice.aborted_body", { reason: o.reason }),
      }), { table: table.name, release: rel.number, version: rel.version, status: rel.status, ...link(`/config/${table.name}/history`) });
    },
    /** The author's copy: the set went to approval. */
    async requested(table: ConfigTable, set: ConfigChangeSet) {
      await send(NOTICE_TYPES.requested, [set.author_id], (l) => ({
        title: t(l, "config.release.notice.requested_title", { table: name(table) }),
        body: t(l, "config.release.notice.requested_body", { count: set.diff.length, reason: set.reason }),
      }), { table: table.name, change_set_id: set.id, status: set.status, ...link(`/config/change-sets/${set.id}`) });
    },
    /** The author hears the outcome (released, scheduled, rejected, withdrawn by someone else, failed with the error). */
    async decided(table: ConfigTable | null, set: ConfigChangeSet, by: string | null) {
      if (by === set.author_id) return;
      await send(NOTICE_TYPES.decided, [set.author_id], (l) => ({
        title: t(l, "config.release.notice.decided_title", { table: table ? name(table) : set.table, status: t(l, `config.release.status.${set.status}`) }),
        body: set.error ? t(l, "config.release.notice.failed_body", { error: set.error }) : t(l, "config.release.notice.decided_body", { reason: set.reason }),
      }), { table: set.table, change_set_id: set.id, status: set.status, ...link(`/config/change-sets/${set.id}`) });
    },
  };
}

export type Notices = ReturnType<typeof createNotices>;
