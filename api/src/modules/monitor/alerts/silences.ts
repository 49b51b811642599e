import { notFound, type Actor } from "@ops/shared";
import type { AlertSilence } from "@ops/shared/contracts/monitor.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow, paginate, Where, type ListQuery } from "../../../platform/db/query.ts";
import type { Labels } from "../../../platform/observability.ts";
import type { MonitorDeps } from "../monitor.deps.ts";

type SilenceRow = {
  id: string; rule_id: string | null; matchers: string; starts_at: string; ends_at: string; reason: string; alert_id: string | null;
  created_by: string | null; created_by_name: string | null; created_at: string;
};

export function matches(s: { rule_id: string | null; matchers: Record<string, string> }, ruleId: string, labels: Labels): boolean {
  return (s.rule_id === null || s.rule_id === ruleId) && Object.entries(s.matchers).every(([k, v]) => labels[k] === v);
}

/** Silences: mute matching alerts (rule, or any rule, and label values) until their end; DELETE ends one now. */
export function createSilences(deps: MonitorDeps) {
  const { db, clock } = deps;
  const toSilence = (r: SilenceRow, now = clock.now()): AlertSilence => ({
    id: r.id, rule_id: r.rule_id, matchers: JSON.parse(r.matchers), starts_at: r.starts_at, ends_at: r.ends_at, reason: r.reason,
    created_by: r.created_by, created_by_name: r.created_by_name, created_at: r.created_at, active: r.starts_at <= iso(now) && r.ends_at > iso(now),
  });

  return {
    /** The latest end among the active silences matching this alert, or null. */
    async activeUntil(ruleId: string, labels: Labels): Promise<string | null> {
      const now = iso(clock.now());
      const rows = await db.all<SilenceRow>("SELECT * FROM alert_silences WHERE starts_at <= ? AND ends_at > ? ORDER BY ends_at DESC", [now, now]);
      return rows.map((r) => toSilence(r)).find((s) => matches(s, ruleId, labels))?.ends_at ?? null;
    },
    async create(actor: Actor | null, s: { rule_id: string | null; matchers: Record<string, string>; ends_at: string; reason: string; alert_id?: string }): Promise<AlertSilence> {
      const now = iso(clock.now());
      const row: SilenceRow = {
        id: newId(), rule_id: s.rule_id, matchers: JSON.stringify(s.matchers), starts_at: now, ends_at: s.ends_at, reason: s.reason, alert_id: s.alert_id ?? null,
        created_by: actor?.kind === "user" ? actor.userId : null, created_by_name: actor?.kind === "user" ? actor.displayName : null, created_at: now,
      };
      await insertRow(db, "alert_silences", row);
      noteAudit({ resourceType: "alert_silence", resourceId: row.id, after: toSilence(row) });
      return toSilence(row);
    },
    async expire(id: string): Promise<AlertSilence> {
      const row = await db.get<SilenceRow>("SELECT * FROM alert_silences WHERE id = ?", [id]);
      if (!row) throw notFound("monitor.alerts.silence_not_found", { id });
      const now = iso(clock.now());
      if (row.ends_at > now) await db.run("UPDATE alert_silences SET ends_at = ? WHERE id = ?", [now, id]);
      const after = toSilence({ ...row, ends_at: row.ends_at > now ? now : row.ends_at });
      noteAudit({ resourceType: "alert_silence", resourceId: id, before: toSilence(row), after });
      return after;
    },
    async list(q: ListQuery & { active?: string }) {
      const now = iso(clock.now());
      const where = new Where();
      if (q.active === "true") where.add("starts_at <= ? AND ends_at > ?", now, now);
      if (q.active === "false") where.add("ends_at <= ?", now);
      return paginate<SilenceRow, AlertSilence>(db, {
        select: "*", from: "alert_silences", where, query: q, sortable: { ends_at: "ends_at", created_at: "created_at" }, defaultSort: "created_at DESC, id DESC",
        map: (r) => toSilence(r),
      });
    },
  };
}

export type Silences = ReturnType<typeof createSilences>;
