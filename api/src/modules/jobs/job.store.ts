import { DEFAULT_JOB_ALERTS, type Job, type JobSchedule } from "@ops/shared/contracts/jobs.ts";
import type { Db } from "../../platform/db/db.ts";

/** A jobs row as stored (JSON columns as text). */
export type JobRow = {
  id: string;
  name: string;
  description: string;
  type: Job["type"];
  config: string;
  params: string;
  schedule: string | null;
  misfire: Job["misfire"];
  catch_up_max: number | string;
  retries: string;
  timeout_s: number | string;
  concurrency: Job["concurrency"];
  priority: number | string;
  /** NULL never (DEFAULT 1); text on some drivers */
  shards?: number | string | null;
  owner_department_id: string | null;
  owner_department_name?: string | null;
  tags: string;
  /** JSON; NULL (jobs from before alerts): the defaults */
  alerts?: string | null;
  status: Job["status"];
  next_fire_at: string | null;
  schedule_anchor: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

export const JOB_SELECT = "j.*, d.name AS owner_department_name";
export const JOB_FROM = "jobs j LEFT JOIN departments d ON d.id = j.owner_department_id";

export function toJob(r: JobRow): Job {
  const retries = JSON.parse(r.retries);
  return {
    id: r.id, name: r.name, description: r.description, type: r.type,
    config: JSON.parse(r.config), params: JSON.parse(r.params),
    schedule: r.schedule ? (JSON.parse(r.schedule) as JobSchedule) : null,
    misfire: r.misfire, catch_up_max: Number(r.catch_up_max),
    retries: { ...retries, on: retries.on ?? ["failed", "timed_out"] },
    timeout_s: Number(r.timeout_s), concurrency: r.concurrency, priority: Number(r.priority), shards: Number(r.shards ?? 1),
    owner_department_id: r.owner_department_id, owner_department_name: r.owner_department_name ?? null,
    tags: JSON.parse(r.tags), alerts: r.alerts ? JSON.parse(r.alerts) : DEFAULT_JOB_ALERTS, status: r.status, next_fire_at: r.next_fire_at,
    created_by: r.created_by, created_at: r.created_at, updated_at: r.updated_at,
  };
}

export async function loadJobRow(db: Db, id: string): Promise<JobRow | undefined> {
  return db.get<JobRow>(`SELECT ${JOB_SELECT} FROM ${JOB_FROM} WHERE j.id = ?`, [id]);
}

/** By id, or by name (what chat uses). */
export async function findJobRow(db: Db, idOrName: string): Promise<JobRow | undefined> {
  return db.get<JobRow>(`SELECT ${JOB_SELECT} FROM ${JOB_FROM} WHERE j.id = ? OR j.name = ? ORDER BY CASE WHEN j.id = ? THEN 0 ELSE 1 END LIMIT 1`, [idOrName, idOrName, idOrName]);
}
