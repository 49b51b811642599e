import type { Migration } from "../migrate.ts";

/**
 * Flow schedules (modules/flows/schedule.ts), fired by the jobs scheduler through its schedule
 * source port: a flow's schedule (JSON, the shapes of a job's), misfire policy, enabled|paused,
 * its cursor (`next_fire_at`, the next occurrence not fired yet) and where a fixed rate counts
 * from. A scheduled flow run carries its occurrence key `flowcron:<flow>:<ISO>`, unique, so two
 * schedulers fire each occurrence once.
 */
export const m027FlowSchedules: Migration = {
  version: 27,
  name: "flow-schedules",
  statements: () => [
    "ALTER TABLE flows ADD COLUMN schedule TEXT",
    "ALTER TABLE flows ADD COLUMN misfire TEXT NOT NULL DEFAULT 'fire_once'",
    "ALTER TABLE flows ADD COLUMN status TEXT NOT NULL DEFAULT 'enabled'",
    "ALTER TABLE flows ADD COLUMN next_fire_at TEXT",
    "ALTER TABLE flows ADD COLUMN schedule_anchor TEXT",
    "CREATE INDEX flows_next_fire ON flows (next_fire_at)",
    "ALTER TABLE flow_runs ADD COLUMN occurrence_key TEXT",
    "ALTER TABLE flow_runs ADD COLUMN scheduled_for TEXT",
    "CREATE UNIQUE INDEX flow_runs_occurrence ON flow_runs (occurrence_key)",
  ],
};
