import type { Db } from "../../platform/db/db.ts";
import type { SqlFragment } from "../../platform/db/query.ts";
import { listArchives, readArchive } from "./archive-files.ts";
import { loadHead } from "./chain-writer.ts";
import type { AuditLogQuery } from "./audit.schema.ts";

type Raw = Record<string, unknown>;

/**
 * Archived audit rows matching the same filters as the live query (the list's `auditWhere`),
 * read from this database's archive files. Rows of a file not committed yet (seq past the base)
 * are still live and left out, so nothing shows twice. The data scope is the same SQL fragment
 * the live query uses, evaluated over the distinct (dept_id, actor_id) pairs found. Newest files
 * first, at most `cap` matches, so a loose filter over years of archives stays bounded in memory.
 */
export async function searchArchived(db: Db, dir: string, q: Partial<AuditLogQuery>, scope: SqlFragment | null, cap: number): Promise<Raw[]> {
  const head = await loadHead(db, "audit_logs");
  if (!head?.chain_id) return [];
  const out: Raw[] = [];
  for (const file of listArchives(dir, "audit_logs", head.chain_id).reverse()) {
    if (file.first > head.base_seq) continue;
    const rows = readArchive(dir, file.name).rows.filter((r) => r.seq <= head.base_seq && matches(r.row, q));
    const allowed = scope ? await inScope(db, rows.map((r) => r.row), scope) : rows.map((r) => r.row);
    const kept = new Set(allowed);
    for (const r of rows.reverse()) {
      if (out.length >= cap) return out;
      if (kept.has(r.row)) out.push({ ...r.row, seq: r.seq });
    }
  }
  return out;
}

function matches(r: Raw, q: Partial<AuditLogQuery>): boolean {
  const eq = (col: string, v: string | undefined) => !v || r[col] === v;
  if (q.actor && r.actor_name !== q.actor && r.actor_id !== q.actor) return false;
  if (!eq("module", q.module) || !eq("action", q.action) || !eq("resource_type", q.resource_type) || !eq("resource_id", q.resource_id) || !eq("request_id", q.request_id)) return false;
  const ts = String(r.ts);
  if ((q.from && ts < q.from) || (q.to && ts > q.to)) return false;
  const status = Number(r.status);
  if ((q.status === "success" && status >= 400) || (q.status === "failure" && status < 400)) return false;
  if (q.q) {
    const needle = q.q.toLowerCase();
    if (!["path", "action", "actor_name"].some((c) => typeof r[c] === "string" && (r[c] as string).toLowerCase().includes(needle))) return false;
  }
  return true;
}

async function inScope(db: Db, rows: Raw[], scope: SqlFragment): Promise<Raw[]> {
  const key = (d: unknown, a: unknown) => JSON.stringify([d ?? null, a ?? null]);
  const pairs = [...new Map(rows.map((r) => [key(r.dept_id, r.actor_id), [r.dept_id ?? null, r.actor_id ?? null]])).values()];
  const allowed = new Set<string>();
  for (let i = 0; i < pairs.length; i += 200) {
    const chunk = pairs.slice(i, i + 200);
    const union = chunk.map(() => "SELECT CAST(? AS TEXT) AS dept_id, CAST(? AS TEXT) AS actor_id").join(" UNION ALL ");
    const hits = await db.all<{ dept_id: string | null; actor_id: string | null }>(
      `SELECT dept_id, actor_id FROM (${union}) s WHERE ${scope.sql}`,
      [...chunk.flat(), ...scope.params],
    );
    for (const h of hits) allowed.add(key(h.dept_id, h.actor_id));
  }
  return rows.filter((r) => allowed.has(key(r.dept_id, r.actor_id)));
}
