import type { Migration } from "../migrate.ts";

/**
 * Flows (modules/flows): versioned DAG definitions, their instances and each node's state.
 * A flow's job and inline steps run through the jobs engine: job_runs gains the flow run and
 * node it serves, its shard, and for inline steps the definition it runs (a snapshot taken at
 * queue time, so a running instance stays on its version). An inline step's run keeps
 * `job_id` = the flow's id (no jobs row has that id, so job lookups find nothing and alerts stay
 * off) and `job_name` = `<flow>.<node>`: the column stays NOT NULL and the jobs run list, its
 * filters and data scopes (the flow's owner department) keep working unchanged.
 */
export const m019Flows: Migration = {
  version: 19,
  name: "flows",
  statements: () => [
    `CREATE TABLE flows (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      description TEXT NOT NULL,
      version INTEGER NOT NULL,
      nodes TEXT NOT NULL,
      edges TEXT NOT NULL,
      params TEXT NOT NULL,
      owner_department_id TEXT,
      tags TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    `CREATE TABLE flow_versions (
      flow_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      nodes TEXT NOT NULL,
      edges TEXT NOT NULL,
      params TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL,
      PRIMARY KEY (flow_id, version)
    )`,
    `CREATE TABLE flow_runs (
      id TEXT PRIMARY KEY,
      flow_id TEXT NOT NULL,
      flow_name TEXT NOT NULL,
      version INTEGER NOT NULL,
      owner_department_id TEXT,
      status TEXT NOT NULL,
      trigger_kind TEXT NOT NULL,
      triggered_by TEXT,
      params TEXT NOT NULL,
      queued_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      duration_ms INTEGER,
      error TEXT,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX flow_runs_flow ON flow_runs (flow_id, queued_at)",
    "CREATE INDEX flow_runs_status ON flow_runs (status, updated_at)",
    `CREATE TABLE flow_run_nodes (
      flow_run_id TEXT NOT NULL,
      node_key TEXT NOT NULL,
      name TEXT NOT NULL,
      type TEXT NOT NULL,
      status TEXT NOT NULL,
      seq INTEGER NOT NULL,
      run_ids TEXT NOT NULL,
      result INTEGER,
      output TEXT,
      error TEXT,
      decided_by TEXT,
      comment TEXT,
      started_at TEXT,
      finished_at TEXT,
      duration_ms INTEGER,
      PRIMARY KEY (flow_run_id, node_key)
    )`,
    "ALTER TABLE job_runs ADD COLUMN flow_run_id TEXT",
    "ALTER TABLE job_runs ADD COLUMN node_key TEXT",
    "ALTER TABLE job_runs ADD COLUMN shard_index INTEGER",
    "ALTER TABLE job_runs ADD COLUMN shard_total INTEGER",
    "ALTER TABLE job_runs ADD COLUMN definition TEXT",
    "CREATE INDEX job_runs_flow_run ON job_runs (flow_run_id)",
  ],
};
