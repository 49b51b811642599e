/**
 * The report data cache: in-process, least recently used first out, each entry with its report's TTL. Keys carry the
 * report's updated_at and the viewer's scope key, so an edit or a different data scope never reads another's answer.
 */
export function createResultCache<T>(options: { max: number; now: () => number }) {
  const entries = new Map<string, { value: T; expires: number; reportId: string }>();

  function get(key: string): T | undefined {
    const hit = entries.get(key);
    if (!hit) return undefined;
    entries.delete(key);
    if (hit.expires <= options.now()) return undefined;
    // re-inserted: Map order is the recency order
    entries.set(key, hit);
    return hit.value;
  }

  function set(key: string, reportId: string, value: T, ttlMs: number): void {
    entries.delete(key);
    entries.set(key, { value, reportId, expires: options.now() + ttlMs });
    while (entries.size > options.max) entries.delete(entries.keys().next().value!);
  }

  /** Drops a report's entries (edited or deleted: its old answers are of no use). */
  function forget(reportId: string): void {
    for (const [key, e] of entries) if (e.reportId === reportId) entries.delete(key);
  }

  return { get, set, forget, size: () => entries.size };
}

export type ResultCache<T> = ReturnType<typeof createResultCache<T>>;
