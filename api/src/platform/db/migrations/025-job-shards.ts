import type { Migration } from "../migrate.ts";

/**
 * Job shards (modules/jobs): a job with `shards` N > 1 is triggered as N runs, one per shard
 * (`{shardIndex}` 0..N-1 of `{shardTotal}` N). `shard_group` names the trigger's runs together
 * (the id of its shard 0): concurrency looks past the run's own group, and alerts count a group
 * once. NULL for runs of one shard and flow steps (flows group their shards by node).
 */
export const m025JobShards: Migration = {
  version: 25,
  name: "job-shards",
  statements: () => [
    "ALTER TABLE jobs ADD COLUMN shards INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE job_runs ADD COLUMN shard_group TEXT",
    "CREATE INDEX job_runs_shard_group ON job_runs (shard_group)",
  ],
};
