/** The series table (migration 045): batched upserts and range reads, the same SQL on SQLite and PostgreSQL. */
import type { Db } from "../../../platform/db/db.ts";
import type { Point } from "./points.ts";

export type PointRow = { metric: string; res: number; node: string; labels: string; point: Point };

const COLUMNS = ["metric", "res", "t", "node", "labels", "value", "count", "sum", "min", "max", "last", "num", "den", "p50", "p95", "p99"] as const;
const VALUE_COLUMNS = COLUMNS.slice(5);
/** rows per INSERT: 16 parameters each stays under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters */
export const ROWS_PER_STATEMENT = 1_000;

const upsertSql = (rows: number) =>
  `INSERT INTO monitor_points (${COLUMNS.join(", ")}) VALUES ${Array.from({ length: rows }, () => `(${COLUMNS.map(() => "?").join(", ")})`).join(", ")}
   ON CONFLICT (metric, res, t, node, labels) DO UPDATE SET ${VALUE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")}`;
const statements = new Map<number, string>();

const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

/** Writes points, replacing rows of the same key (a re-flush of a minute replaces it: never doubles). */
export async function upsertPoints(db: Db, rows: PointRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    let sql = statements.get(chunk.length);
    if (!sql) {
      sql = upsertSql(chunk.length);
      if (statements.size > 50) statements.clear();
      statements.set(chunk.length, sql);
    }
    const params: unknown[] = [];
    for (const r of chunk) {
      const p = r.point;
      params.push(r.metric, r.res, new Date(p.t).toISOString(), r.node, r.labels,
        finite(p.value), p.count, finite(p.sum), finite(p.min), finite(p.max), finite(p.last), finite(p.num), finite(p.den), finite(p.p50), finite(p.p95), finite(p.p99));
    }
    await db.run(sql, params);
  }
}

type Raw = Record<(typeof COLUMNS)[number], unknown>;
const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));

/** Rows of one metric and resolution in [from, to) (ms since the epoch). */
export async function readPoints(db: Db, q: { metric: string; res: number; from: number; to: number }): Promise<PointRow[]> {
  const rows = await db.all<Raw>(
    `SELECT ${COLUMNS.join(", ")} FROM monitor_points WHERE metric = ? AND res = ? AND t >= ? AND t < ? ORDER BY t`,
    [q.metric, q.res, new Date(q.from).toISOString(), new Date(q.to).toISOString()],
  );
  return rows.map((r) => ({
    metric: String(r.metric), res: Number(r.res), node: String(r.node), labels: String(r.labels),
    point: {
      t: Date.parse(String(r.t)), value: num(r.value), count: Number(r.count), sum: num(r.sum), min: num(r.min), max: num(r.max), last: num(r.last),
      num: num(r.num), den: num(r.den), p50: num(r.p50), p95: num(r.p95), p99: num(r.p99),
    },
  }));
}

/** Every metric with points at a resolution in [from, to) (the rollup's list of work). */
export async function metricsWithPoints(db: Db, res: number, from: number, to: number): Promise<string[]> {
  const rows = await db.all<{ metric: string }>(
    "SELECT DISTINCT metric FROM monitor_points WHERE res = ? AND t >= ? AND t < ?",
    [res, new Date(from).toISOString(), new Date(to).toISOString()],
  );
  return rows.map((r) => r.metric);
}

export async function deleteOlder(db: Db, res: number, before: number): Promise<void> {
  await db.run("DELETE FROM monitor_points WHERE res = ? AND t < ?", [res, new Date(before).toISOString()]);
}

/** Canonical JSON of a label set: sorted keys, so equal sets are equal strings. */
export function labelsKey(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = labels[k]!;
  return JSON.stringify(out);
}
