import { AppError, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from "@ops/shared";
import type { Db } from "./db.ts";

/** A WHERE clause built from optional filters; empty filters add nothing. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  add(sql: string, ...params: unknown[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }
  eq(column: string, value: unknown): this {
    return value === undefined || value === null || value === "" ? this : this.add(`${column} = ?`, value);
  }
  in(column: string, values: readonly unknown[]): this {
    if (values.length === 0) return this.add("1 = 0");
    return this.add(`${column} IN (${values.map(() => "?").join(", ")})`, ...values);
  }
  /** case-insensitive substring match over several columns */
  search(columns: string[], q: string | undefined): this {
    if (!q) return this;
    const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.add(`(${columns.map((c) => `LOWER(${c}) LIKE ? ESCAPE '\\'`).join(" OR ")})`, ...columns.map(() => pattern));
  }
  range(column: string, from: string | undefined, to: string | undefined): this {
    if (from) this.add(`${column} >= ?`, from);
    if (to) this.add(`${column} <= ?`, to);
    return this;
  }
  fragment(f: SqlFragment | null): this {
    return f ? this.add(f.sql, ...f.params) : this;
  }
  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(" AND ")}` : "";
  }
}

export type SqlFragment = { sql: string; params: unknown[] };

export type ListQuery = { page: number; page_size: number; sort?: string };

/** Turns `-created_at,username` into ORDER BY over allowed columns only. */
export function orderBy(sort: string | undefined, allowed: Record<string, string>, fallback: string): string {
  if (!sort) return `ORDER BY ${fallback}`;
  const parts = sort.split(",").map((s) => s.trim()).filter(Boolean).map((s) => {
    const desc = s.startsWith("-");
    const key = desc ? s.slice(1) : s;
    const column = allowed[key];
    if (!column) {
      throw new AppError("common.invalid_sort", {
        status: 400,
        errors: [{ field: "sort", message: key }],
        params: { field: key, allowed: Object.keys(allowed).join(", ") },
      });
    }
    return `${column} ${desc ? "DESC" : "ASC"}`;
  });
  return `ORDER BY ${parts.join(", ")}, ${fallback}`;
}

/** The window count's column, removed from the rows before they are returned. */
const TOTAL = "ops_page_total__";

export async function paginate<R, T = R>(
  db: Db,
  spec: {
    select: string;
    from: string;
    where: Where;
    query: ListQuery;
    sortable: Record<string, string>;
    defaultSort: string;
    map?: (row: R) => T;
  },
): Promise<Page<T>> {
  const page = Math.max(1, Math.trunc(spec.query.page || 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(spec.query.page_size || DEFAULT_PAGE_SIZE)));
  const order = orderBy(spec.query.sort, spec.sortable, spec.defaultSort);
  // LIMIT and OFFSET are integers computed here, written as literals: SQLite plans a bound LIMIT
  // far worse (a page of users took 13 µs instead of 1.3 µs).
  const offset = (page - 1) * pageSize;
  if (!Number.isSafeInteger(pageSize) || !Number.isSafeInteger(offset)) throw new AppError("common.validation", { status: 400, errors: [{ field: "page", message: "common.validation" }] });
  const pageSql = (extra: string) => `SELECT ${spec.select}${extra} FROM ${spec.from} ${spec.where.sql} ${order} LIMIT ${pageSize} OFFSET ${offset}`;
  const pageParams = spec.where.params;
  let rows: R[];
  let total: number;
  if (db.dialect === "postgres") {
    // The total rides along as a window count: one round trip for page and total. Only a page
    // past the end (no rows to carry it) needs the separate count.
    const counted = await db.all<R & { [TOTAL]?: number | string }>(pageSql(`, COUNT(*) OVER () AS ${TOTAL}`), pageParams);
    total = counted.length > 0 ? Number(counted[0]![TOTAL]) : page === 1 ? 0 : await countAll(db, spec.from, spec.where);
    for (const row of counted) delete row[TOTAL];
    rows = counted;
  } else {
    // SQLite has no round trips, and there a plain count plus the page costs less than the window.
    // A page that is not full (and not past the end) is the end of the list: its rows give the
    // total, and the count is not needed (most filtered lists, any small directory).
    rows = await db.all<R>(pageSql(""), pageParams);
    const lastPage = rows.length > 0 && rows.length < pageSize;
    const emptyList = rows.length === 0 && offset === 0;
    total = lastPage ? offset + rows.length : emptyList ? 0 : await countAll(db, spec.from, spec.where);
  }
  const items = spec.map ? rows.map(spec.map) : (rows as unknown as T[]);
  return { items, total, page, page_size: pageSize, pages: Math.ceil(total / pageSize) };
}

async function countAll(db: Db, from: string, where: Where): Promise<number> {
  const row = await db.get<{ c: number | string }>(`SELECT CAST(COUNT(*) AS INTEGER) AS c FROM ${from} ${where.sql}`, where.params);
  return Number(row?.c ?? 0);
}

export async function insertRow(db: Db, table: string, row: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(row);
  await db.run(
    `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
    cols.map((c) => row[c]),
  );
}

export async function updateRow(
  db: Db,
  table: string,
  key: Record<string, unknown>,
  patch: Record<string, unknown>,
): Promise<void> {
  const cols = Object.keys(patch).filter((c) => patch[c] !== undefined);
  if (cols.length === 0) return;
  const keys = Object.keys(key);
  await db.run(
    `UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(", ")} WHERE ${keys.map((k) => `${k} = ?`).join(" AND ")}`,
    [...cols.map((c) => patch[c]), ...keys.map((k) => key[k])],
  );
}
