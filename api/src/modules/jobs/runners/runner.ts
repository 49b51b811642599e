import type { Db } from "../../../platform/db/db.ts";
import type { SlowQueryRecorder } from "../../../platform/observability.ts";

export type LogStream = "stdout" | "stderr" | "system";

/**
 * What a runner gets: the job's config and params with placeholders resolved, a signal that
 * aborts on timeout, cancel or a lost lease (the executor tells which), and where to write output.
 * Runners never touch run records: they return what happened.
 */
export type RunnerContext<C> = {
  config: C;
  params: Record<string, unknown>;
  signal: AbortSignal;
  log: (stream: LogStream, text: string) => void;
  runId: string;
  jobId: string;
  bizDate: string;
  /** the store, for sql jobs */
  db: Db;
  timeoutMs: number;
  /** the job's name and who started the run (null: schedule, system): what the slow query log names */
  jobName?: string;
  triggeredBy?: { id: string; username: string | null } | null;
  /** the monitor's slow query log (sql jobs report their statement) */
  slowQueries?: SlowQueryRecorder;
};

export type RunnerResult = {
  ok: boolean;
  exitCode?: number | null;
  httpStatus?: number | null;
  /** short summary shown on the run (the log keeps everything up to the cap) */
  output?: string;
  error?: string;
  /** a failure no retry can fix (bad config, missing interpreter) */
  permanent?: boolean;
};

export type Runner<C = any> = (ctx: RunnerContext<C>) => Promise<RunnerResult>;
