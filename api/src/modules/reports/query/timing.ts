import type { Actor } from "@ops/shared";
import type { Datasource } from "@ops/shared/contracts/reports.ts";
import type { QueryTiming, SlowQueryRecorder } from "../../../platform/observability.ts";
import type { CompiledQuery, QueryRef } from "../ports.ts";

/** Who ran a statement, over which datasource, for what: what the slow query log keeps beside the SQL. */
export type TimingMeta = { source: QueryTiming["source"]; actor: Actor | null; datasource: Datasource; ref: QueryRef | null };

/** The error a timed-out, cancelled or failed statement is logged with: its code, never bound values. */
function errorText(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown };
  return typeof err?.code === "string" ? err.code : String(err?.message ?? e).slice(0, 500);
}

/**
 * Runs one statement and reports its timing to the slow query log (fire and forget; the recorder keeps only the slow
 * ones). The SQL goes without its values: they are bound separately and never logged.
 */
export async function timed<T>(
  recorder: SlowQueryRecorder | undefined, meta: TimingMeta, query: CompiledQuery, run: () => Promise<T>, rowsOf: (result: T) => number,
): Promise<T> {
  if (!recorder) return run();
  const started = performance.now();
  const base = {
    source: meta.source, sql: query.sql, refId: meta.ref?.id ?? null, refName: meta.ref?.name ?? null,
    datasourceId: meta.datasource.id, datasourceName: meta.datasource.name,
    userId: meta.actor?.kind === "user" ? meta.actor.userId : null, username: meta.actor?.kind === "user" ? meta.actor.username : null,
  };
  try {
    const result = await run();
    recorder.record({ ...base, durationMs: performance.now() - started, rows: rowsOf(result) });
    return result;
  } catch (e) {
    recorder.record({ ...base, durationMs: performance.now() - started, error: errorText(e) });
    throw e;
  }
}
