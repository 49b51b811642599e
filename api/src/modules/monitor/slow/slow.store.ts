import type { Page } from "@ops/shared";
import type { SlowQuery, SlowQueryGroup, SlowQuerySource } from "@ops/shared/contracts/monitor.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where, paginate } from "../../../platform/db/query.ts";
import { AppError } from "@ops/shared";

export type SlowFilter = { source?: SlowQuerySource; datasource_id?: string; user_id?: string; from?: string; to?: string; min_ms?: number };
export type SlowListQuery = SlowFilter & { page: number; page_size: number; sort?: string };

type Row = {
  id: string; source: SlowQuerySource; ref_id: string | null; ref_name: string | null; datasource_id: string | null; datasource_name: string | null;
  user_id: string | null; username: string | null; sql_text: string; fingerprint: string; fingerprint_key: string;
  duration_ms: number | string; row_count: number | string | null; error: string | null; at: string;
};

const toSlowQuery = (r: Row): SlowQuery => ({
  id: r.id, source: r.source, ref_id: r.ref_id, ref_name: r.ref_name, datasource_id: r.datasource_id, datasource_name: r.datasource_name,
  user_id: r.user_id, username: r.username, sql: r.sql_text, fingerprint: r.fingerprint, duration_ms: Number(r.duration_ms),
  rows: r.row_count == null ? null : Number(r.row_count), error: r.error, at: r.at,
});

function whereOf(f: SlowFilter): Where {
  const where = new Where().eq("source", f.source).eq("datasource_id", f.datasource_id).eq("user_id", f.user_id).range("at", f.from, f.to);
  if (f.min_ms !== undefined) where.add("duration_ms >= ?", f.min_ms);
  return where;
}

export function listSlow(db: Db, q: SlowListQuery): Promise<Page<SlowQuery>> {
  return paginate<Row, SlowQuery>(db, {
    select: "*", from: "monitor_slow_queries", where: whereOf(q), query: q,
    sortable: { duration_ms: "duration_ms", at: "at", rows: "row_count" },
    defaultSort: "duration_ms DESC, id DESC",
    map: toSlowQuery,
  });
}

export async function getSlow(db: Db, id: string): Promise<SlowQuery | null> {
  const row = await db.get<Row>("SELECT * FROM monitor_slow_queries WHERE id = ?", [id]);
  return row ? toSlowQuery(row) : null;
}

/** Statements a summary reads at most (the newest): a slow log that large is summarised over its recent part. */
export const SUMMARY_ROWS = 20_000;
const GROUP_SORTS = { count: "count", avg_ms: "avg_ms", max_ms: "max_ms", p95_ms: "p95_ms", total_ms: "total_ms", last_at: "last_at" } as const;
type GroupSortKey = keyof typeof GROUP_SORTS;

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function sortGroups(groups: SlowQueryGroup[], sort: string | undefined): void {
  const desc = !sort || sort.startsWith("-");
  const key = (sort ?? "-total_ms").replace(/^-/, "");
  if (!(key in GROUP_SORTS)) {
    throw new AppError("common.invalid_sort", { status: 400, errors: [{ field: "sort", message: key }], params: { field: key, allowed: Object.keys(GROUP_SORTS).join(", ") } });
  }
  const k = key as GroupSortKey;
  groups.sort((a, b) => {
    const d = a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : 0;
    return (desc ? -d : d) || a.fingerprint.localeCompare(b.fingerprint);
  });
}

/** One group per fingerprint over the filtered statements: count, average, max, p95 and total time, last seen. */
export async function summarise(db: Db, q: SlowListQuery): Promise<Page<SlowQueryGroup>> {
  const where = whereOf(q);
  const rows = await db.all<Pick<Row, "fingerprint" | "fingerprint_key" | "sql_text" | "duration_ms" | "at" | "source" | "datasource_id" | "datasource_name">>(
    `SELECT fingerprint, fingerprint_key, sql_text, duration_ms, at, source, datasource_id, datasource_name FROM monitor_slow_queries ${where.sql}
      ORDER BY at DESC, id DESC LIMIT ${SUMMARY_ROWS}`,
    where.params,
  );
  const byKey = new Map<string, { g: SlowQueryGroup; durations: number[]; sources: Set<SlowQuerySource>; datasources: Set<string> }>();
  for (const r of rows) {
    const ms = Number(r.duration_ms);
    let entry = byKey.get(r.fingerprint_key);
    if (!entry) {
      // rows come newest first: the first one seen is the group's latest and its sample
      const g: SlowQueryGroup = { fingerprint: r.fingerprint, sample_sql: r.sql_text, count: 0, avg_ms: 0, max_ms: 0, p95_ms: 0, total_ms: 0, last_at: r.at, sources: [], datasources: [] };
      entry = { g, durations: [], sources: new Set(), datasources: new Set() };
      byKey.set(r.fingerprint_key, entry);
    }
    entry.durations.push(ms);
    entry.sources.add(r.source);
    const ds = r.datasource_name ?? r.datasource_id;
    if (ds) entry.datasources.add(ds);
  }
  const groups = [...byKey.values()].map(({ g, durations, sources, datasources }) => {
    const sorted = durations.sort((a, b) => a - b);
    const total = sorted.reduce((s, v) => s + v, 0);
    return {
      ...g, count: sorted.length, total_ms: total, avg_ms: Math.round(total / sorted.length), max_ms: sorted[sorted.length - 1]!,
      p95_ms: percentile(sorted, 95), sources: [...sources].sort(), datasources: [...datasources].sort(),
    };
  });
  sortGroups(groups, q.sort);
  const start = (q.page - 1) * q.page_size;
  return { items: groups.slice(start, start + q.page_size), total: groups.length, page: q.page, page_size: q.page_size, pages: Math.ceil(groups.length / q.page_size) };
}

/** Deletes statements older than `before`; returns how many went. */
export async function pruneSlow(db: Db, before: string): Promise<number> {
  const rows = await db.all<{ id: string }>("DELETE FROM monitor_slow_queries WHERE at < ? RETURNING id", [before]);
  return rows.length;
}
