import { JOB_LIMITS } from "@ops/shared/contracts/jobs.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { RunEvents } from "./run-events.ts";

import type { LogStream } from "../runners/index.ts";

export type { LogStream };
export type LogChunk = { seq: number; stream: LogStream; text: string; created_at: string };

const FLUSH_MS = 200;
const FLUSH_BYTES = 32 * 1024;

/**
 * One attempt's output into job_run_logs: chunks batched (every 200 ms or 32 KiB) so a chatty
 * process costs few statements, capped at JOB_LIMITS.logBytes per attempt with one line saying
 * the rest was dropped. Followers hear of each flush through the run events. A flush is one
 * statement whatever its chunks (their seq numbers follow the run's last one, read in the same
 * statement), so opening costs nothing and a short run's whole output is one INSERT.
 */
export function openLogWriter(db: Db, clock: Clock, events: RunEvents, runId: string, capBytes: number = JOB_LIMITS.logBytes) {
  let pending: Array<{ stream: LogStream; text: string }> = [];
  let pendingBytes = 0;
  let written = 0;
  let truncated = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  /** the output's first bytes, kept for the run's summary */
  let head = "";

  /** `quiet`: no run event (the caller's status change that follows tells the followers) */
  const flush = (quiet = false) => {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    if (batch.length === 0) return chain;
    chain = chain.then(async () => {
      await insertChunks(db, runId, batch, clock.now().toISOString());
      if (!quiet) await events.changed(runId);
    }).catch(() => {});
    return chain;
  };

  return {
    write(stream: LogStream, text: string) {
      if (!text) return;
      if (stream !== "system") {
        if (truncated) return;
        const bytes = Buffer.byteLength(text);
        if (written + bytes > capBytes) {
          truncated = true;
          const room = Math.max(0, capBytes - written);
          text = Buffer.from(text).subarray(0, room).toString();
          pending.push({ stream, text });
          pending.push({ stream: "system", text: `\n[output truncated at ${Math.round(capBytes / 1024)} KiB]\n` });
          written = capBytes;
          return void flush();
        }
        written += bytes;
        if (head.length < 2000) head += text.slice(0, 2000 - head.length);
      }
      pending.push({ stream, text });
      pendingBytes += text.length;
      if (pendingBytes >= FLUSH_BYTES) void flush();
      else timer ??= setTimeout(() => void flush(), FLUSH_MS);
    },
    get truncated() {
      return truncated;
    },
    get head() {
      return head;
    },
    /** Writes what is pending; `{quiet: true}` when a status change of the run follows at once. */
    close: (o: { quiet?: boolean } = {}) => flush(o.quiet),
  };
}

/**
 * Chunks after the run's last seq, in one statement: the numbers come from MAX(seq) read by the
 * INSERT itself, so engine lines written meanwhile by another process (a replace) never collide.
 */
async function insertChunks(db: Db, runId: string, batch: Array<{ stream: LogStream; text: string }>, ts: string) {
  const rows = batch.map((_, i) => `(${i + 1}, ?, ?)`).join(", ");
  await db.run(
    `INSERT INTO job_run_logs (run_id, seq, stream, text, created_at)
     SELECT ?, last.s + v.column1, v.column2, v.column3, ? FROM (SELECT COALESCE(MAX(seq), 0) AS s FROM job_run_logs WHERE run_id = ?) last
     CROSS JOIN (VALUES ${rows}) v`,
    [runId, ts, runId, ...batch.flatMap((c) => [c.stream, c.text])],
  );
}

export type LogWriter = ReturnType<typeof openLogWriter>;

export async function readLog(db: Db, runId: string, afterSeq = 0, limit = 5000): Promise<LogChunk[]> {
  return db.all<LogChunk>(`SELECT seq, stream, text, created_at FROM job_run_logs WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ${limit}`, [runId, afterSeq]).then(
    (rows) => rows.map((r) => ({ ...r, seq: Number(r.seq) })),
  );
}
