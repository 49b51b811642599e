import type { JobRun } from "@ops/shared/contracts/jobs.ts";
import type { Db } from "../../../platform/db/db.ts";
import { RUN_FROM, RUN_SELECT, isFinal, toRun, type RunRow } from "./run.store.ts";

/**
 * Alerts count a sharded trigger once: when its last shard ends, the group stands for one run,
 * failed (or timed out) if any shard was, as its first such shard; else as the run that ended
 * last. Until then nothing (undefined). One statement, for sharded runs only. Two shards ending
 * at once both read after their own commit, so the later one sees the group ended; the alert
 * episode (opened once) keeps a second look from alerting twice.
 */
export async function shardGroupOutcome(db: Db, run: JobRun): Promise<JobRun | undefined> {
  if (!run.shard_group) return run;
  const rows = await db.all<RunRow>(`SELECT ${RUN_SELECT} FROM ${RUN_FROM} WHERE r.shard_group = ? ORDER BY r.shard_index`, [run.shard_group]);
  if (rows.some((r) => !isFinal(r.status))) return undefined;
  const failed = rows.find((r) => r.status === "failed" || r.status === "timed_out");
  return failed ? toRun(failed) : run;
}
