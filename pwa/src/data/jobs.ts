import type { Job, JobLastRun, JobRun, JobSchedule, NextFires } from "@ops/shared/contracts/jobs.ts";
import { api, requestBlob, type Query } from "./client.ts";
import type { Page } from "./types.ts";

export type { Job, JobLastRun, JobRun, JobSchedule, NextFires };

const id = (v: string) => encodeURIComponent(v);

/** What the job form sends (POST /jobs, PUT /jobs/{id}): the API fills the rest with defaults. */
export type JobInput = Pick<Job, "name" | "description" | "type" | "config" | "params" | "schedule" | "timeout_s" | "concurrency" | "priority" | "tags" | "misfire"> & {
  retries: { count: number; backoff: { type: "fixed" | "exponential"; delay_ms: number }; on?: Job["retries"]["on"] };
  owner_department_id: string | null;
  catch_up_max?: number;
  /** fields the form does not edit, carried over on PUT */
  [key: string]: unknown;
};

/** A backfill's runs by status; `done` counts the ended ones (any final status). */
export type BackfillProgress = {
  id: string; job_id: string; from: string; to: string; parallelism: number; total: number;
  counts: Partial<Record<JobRun["status"], number>>; done: number; finished: boolean;
};
export type SchedulerState = { paused: boolean; updated_by: string | null; updated_at: string | null };
export type LogChunk = { seq: number; stream: "stdout" | "stderr" | "system"; text: string };
export type ImportResult = { dry_run: boolean; items: Array<{ name: string; action: "create" | "update" }> };

/** Job definitions: `{id}` may be the job's name too (chat uses names). */
export const jobsApi = {
  list: (q: Query) => api.get<Page<Job>>("/jobs", q),
  get: (jobId: string) => api.get<Job>(`/jobs/${id(jobId)}`),
  create: (body: JobInput) => api.post<Job>("/jobs", body),
  update: (jobId: string, body: JobInput) => api.put<Job>(`/jobs/${id(jobId)}`, body),
  remove: (jobId: string) => api.del<unknown>(`/jobs/${id(jobId)}`),
  pause: (jobId: string) => api.post<Job>(`/jobs/${id(jobId)}/pause`),
  resume: (jobId: string) => api.post<Job>(`/jobs/${id(jobId)}/resume`),
  run: (jobId: string, params: Record<string, string>) => api.post<JobRun>(`/jobs/${id(jobId)}/runs`, { params }),
  nextFires: (jobId: string, count = 5) => api.get<NextFires>(`/jobs/${id(jobId)}/next-fires`, { count }),
  /** an unsaved schedule, checked as a save would check it (errors name `schedule.cron`) */
  previewFires: (schedule: JobSchedule, count = 5) => api.post<NextFires>("/jobs/next-fires-preview", { schedule, count }),
  backfill: (jobId: string, body: { from: string; to: string; parallelism: number; params: Record<string, string> }) =>
    api.post<BackfillProgress>(`/jobs/${id(jobId)}/backfill`, body),
  backfillProgress: (jobId: string, backfillId: string) => api.get<BackfillProgress>(`/jobs/${id(jobId)}/backfills/${id(backfillId)}`),
  /** the global kill switch: no scheduler fires while paused (manual runs still work) */
  scheduler: () => api.get<SchedulerState>("/jobs/scheduler"),
  setScheduler: (paused: boolean) => api.post<SchedulerState>(`/jobs/scheduler/${paused ? "pause" : "resume"}`),
  exportYaml: (filters: Query) => requestBlob("/jobs/export", filters),
  importYaml: (yaml: string, mode: "create" | "upsert", dryRun: boolean) => api.post<ImportResult>("/jobs/import", { yaml, mode, dry_run: dryRun }),
};

export const runsApi = {
  list: (q: Query) => api.get<Page<JobRun>>("/runs", q),
  get: (runId: string) => api.get<JobRun>(`/runs/${id(runId)}`),
  log: (runId: string, after?: number) => api.get<{ chunks: LogChunk[] }>(`/runs/${id(runId)}/log`, { after }),
  cancel: (runId: string) => api.post<JobRun>(`/runs/${id(runId)}/cancel`),
  retry: (runId: string) => api.post<JobRun>(`/runs/${id(runId)}/retry`),
  /** EventSource cannot send Authorization: a one-use 60 s ticket opens the live log instead */
  logTicket: (runId: string) => api.post<{ ticket: string }>(`/runs/${id(runId)}/log-tickets`),
};
