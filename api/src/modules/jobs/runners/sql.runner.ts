import type { SqlConfig } from "./config.schema.ts";
import type { Runner, RunnerContext } from "./runner.ts";

const SHOWN_ROWS = 20;

class ReadOnlyDone {
  constructor(readonly rows: Record<string, unknown>[]) {}
}

/** The statement's timing to the slow query log (fire and forget: the recorder keeps only the slow ones). */
function report(ctx: RunnerContext<SqlConfig>, startedAt: number, outcome: { rows?: number; error?: string }) {
  ctx.slowQueries?.record({
    source: "job", sql: ctx.config.statement, refId: ctx.runId, refName: ctx.jobName ?? null,
    userId: ctx.triggeredBy?.id ?? null, username: ctx.triggeredBy?.username ?? null,
    durationMs: performance.now() - startedAt, rows: outcome.rows ?? null, error: outcome.error ?? null,
  });
}

/** Why the signal stopped the statement, as the log says it (`timeout`, `cancel`, …). */
const abortText = (reason: unknown) => String((reason as Error)?.message ?? reason ?? "aborted");

/**
 * One statement against the store, read-only: PostgreSQL runs it in a READ ONLY transaction with
 * `statement_timeout` = the job's timeout (a write fails with SQLSTATE 25006); SQLite sets
 * `query_only` for the transaction (a write fails with "attempt to write a readonly database").
 * Either way the transaction is rolled back. SQLite cannot interrupt a statement: there the
 * timeout only stops waiting for it. Writes to the store are not offered: jobs that change data
 * call the owning service over HTTP.
 */
export const sqlRunner: Runner<SqlConfig> = async (ctx) => {
  const { db } = ctx;
  const startedAt = performance.now();
  const work = db.tx(async () => {
    if (db.dialect === "postgres") {
      await db.run("SET TRANSACTION READ ONLY");
      await db.run(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(ctx.timeoutMs))}`);
      throw new ReadOnlyDone(await db.all(ctx.config.statement));
    }
    await db.run("PRAGMA query_only = 1");
    try {
      throw new ReadOnlyDone(await db.all(ctx.config.statement));
    } finally {
      await db.run("PRAGMA query_only = 0");
    }
  });
  const aborted = new Promise<never>((_, reject) => {
    if (ctx.signal.aborted) reject(ctx.signal.reason);
    ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true });
  });
  try {
    await Promise.race([work, aborted]);
    return { ok: false, error: "no result" };
  } catch (e) {
    if (!(e instanceof ReadOnlyDone)) {
      if (ctx.signal.aborted) {
        report(ctx, startedAt, { error: abortText(ctx.signal.reason) });
        throw e;
      }
      report(ctx, startedAt, { error: (e as Error).message });
      return { ok: false, error: (e as Error).message };
    }
    const rows = e.rows;
    report(ctx, startedAt, { rows: rows.length });
    ctx.log("stdout", `${JSON.stringify(rows.slice(0, 1000), null, 1)}\n`);
    return { ok: true, output: `${rows.length} row(s) ${JSON.stringify(rows.slice(0, SHOWN_ROWS))}`.slice(0, 2000) };
  }
};
