import { SLOW_QUERY_SOURCES } from "@ops/shared/contracts/monitor.ts";
import { iso, type Clock } from "../../../platform/clock.ts";
import { newId, sha256 } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { Logger } from "../../../platform/logger.ts";
import type { QueryTiming, SlowQueryRecorder } from "../../../platform/observability.ts";
import { clipSql, fingerprintOf } from "./fingerprint.ts";

/** Rows waiting for the next write; past this many the oldest are dropped (a store that cannot keep up). */
const MAX_PENDING = 5_000;
const BATCH_ROWS = 100;
const COLUMNS = [
  "id", "source", "ref_id", "ref_name", "datasource_id", "datasource_name", "user_id", "username",
  "sql_text", "fingerprint", "fingerprint_key", "duration_ms", "row_count", "error", "at",
] as const;
type SlowRow = Record<(typeof COLUMNS)[number], string | number | null>;

export type RecorderDeps = { db: Db; clock: Clock; logger: Logger; thresholdMs: number; flushMs: number };

const text = (value: string | null | undefined, max: number) => (value == null || value === "" ? null : String(value).slice(0, max));

/** The row a timing becomes: the SQL clipped, its fingerprint, the error's first 1,000 characters. */
export function slowRowOf(timing: QueryTiming, at: Date): SlowRow {
  const fingerprint = fingerprintOf(timing.sql);
  return {
    id: newId(), source: timing.source, ref_id: text(timing.refId, 64), ref_name: text(timing.refName, 200),
    datasource_id: text(timing.datasourceId, 64), datasource_name: text(timing.datasourceName, 200),
    user_id: text(timing.userId, 64), username: text(timing.username, 100),
    sql_text: clipSql(timing.sql), fingerprint, fingerprint_key: sha256(fingerprint).slice(0, 32),
    duration_ms: Math.round(timing.durationMs), row_count: timing.rows == null ? null : Math.round(timing.rows),
    error: text(timing.error, 1000), at: iso(at),
  };
}

/**
 * The slow query recorder: `record` keeps statements at least `thresholdMs` slow in memory and returns at once; a
 * timer (or a full batch) writes them in one INSERT. It never throws and never makes the caller wait: a failed
 * write is logged and its rows dropped (the log is a diagnosis aid, not a ledger).
 */
export function createSlowRecorder(deps: RecorderDeps) {
  let pending: SlowRow[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  async function write(rows: SlowRow[]): Promise<void> {
    const values = rows.map(() => `(${COLUMNS.map(() => "?").join(", ")})`).join(", ");
    await deps.db.run(`INSERT INTO monitor_slow_queries (${COLUMNS.join(", ")}) VALUES ${values}`, rows.flatMap((r) => COLUMNS.map((c) => r[c])));
  }

  /** Writes everything recorded so far (tests and stop await it); writes run one after another. */
  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const rows = pending;
    pending = [];
    for (let i = 0; i < rows.length; i += BATCH_ROWS) {
      const batch = rows.slice(i, i + BATCH_ROWS);
      writing = writing.then(() => write(batch)).catch((err) => deps.logger.warn("slow query log write failed", { err, rows: batch.length }));
    }
    return writing;
  }

  const recorder: SlowQueryRecorder = {
    record(timing) {
      try {
        if (stopped || !(timing.durationMs >= deps.thresholdMs) || !SLOW_QUERY_SOURCES.includes(timing.source)) return;
        pending.push(slowRowOf(timing, deps.clock.now()));
        if (pending.length > MAX_PENDING) pending.splice(0, pending.length - MAX_PENDING);
        if (pending.length >= BATCH_ROWS) void flush();
        else timer ??= setTimeout(() => void flush(), deps.flushMs);
      } catch (err) {
        deps.logger.warn("slow query not recorded", { err });
      }
    },
  };

  return {
    recorder,
    flush,
    async stop() {
      stopped = true;
      await flush();
    },
  };
}
