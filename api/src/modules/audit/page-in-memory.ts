import type { Page } from "@ops/shared";

/**
 * Sorting and paging of rows gathered from more than one place (live table + archive files),
 * with the list conventions of the SQL lists: `sort=-ts,module` over allowed keys (already
 * validated by the caller), newest first by default, ties by ts then id, newest first.
 */
export function pageInMemory<T extends { ts: string; id: string }>(
  rows: T[],
  q: { page?: number; page_size?: number; sort?: string },
  sortable: Record<string, string>,
): Page<T> {
  const keys = (q.sort ?? "").split(",").map((s) => s.trim()).filter(Boolean).map((s) => ({
    column: sortable[s.replace(/^-/, "")]!,
    dir: s.startsWith("-") ? -1 : 1,
  }));
  keys.push({ column: "ts", dir: -1 }, { column: "id", dir: -1 });
  const value = (row: T, column: string) => (row as Record<string, unknown>)[column];
  const sorted = [...rows].sort((a, b) => {
    for (const { column, dir } of keys) {
      const c = compare(value(a, column), value(b, column));
      if (c) return c * dir;
    }
    return 0;
  });
  const pageSize = Math.max(1, q.page_size ?? 20);
  const page = Math.max(1, q.page ?? 1);
  return {
    items: sorted.slice((page - 1) * pageSize, page * pageSize),
    total: sorted.length,
    page,
    page_size: pageSize,
    pages: Math.ceil(sorted.length / pageSize),
  };
}

function compare(a: unknown, b: unknown): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
