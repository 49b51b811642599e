import { DEFAULT_JOB_ALERTS, type JobAlerts } from "@ops/shared/contracts/jobs.ts";
import type { Job, JobInput, JobSchedule } from "../../data/jobs.ts";

/**
 * The job form's state: plain strings as the inputs hold them (headers and params one `k: v` /
 * `k=v` per line, lists comma-separated), turned into the API's body on save. The API checks
 * everything; these helpers only reshape, so its field errors (`config.url`) land on the inputs.
 */
export type ScheduleKind = "cron" | "every" | "delay" | "at" | "none";

export type JobForm = {
  name: string; description: string; type: Job["type"];
  method: string; url: string; headers: string; body: string; expect_status: string; json_path: string; json_equals: string;
  command: string; cwd: string; env_allow: string;
  statement: string;
  language: string; source: string;
  params: string;
  schedule_kind: ScheduleKind; cron: string; timezone: string; every_s: string; delay_s: string; at: string;
  retries_count: string; backoff_type: "fixed" | "exponential"; delay_ms: string;
  timeout_s: string; concurrency: Job["concurrency"]; priority: string; misfire: Job["misfire"];
  /** runs per trigger (1..64) */
  shards: string;
  owner_department_id: string; tags: string;
  /** alerts (JobAlerts): empty numbers leave that rule off */
  alert_on_failure: boolean; alert_on_timeout: boolean; alert_missed_start_s: string; alert_consecutive: string;
  alert_tail_factor: string; alert_tail_window: string; alert_users: string[]; alert_roles: string[]; alert_owner: boolean;
};

function alertFields(a: JobAlerts): Pick<JobForm, `alert_${string}` & keyof JobForm> {
  return {
    alert_on_failure: a.on_failure, alert_on_timeout: a.on_timeout,
    alert_missed_start_s: a.missed_start_grace_s === undefined ? "" : String(a.missed_start_grace_s),
    alert_consecutive: a.consecutive_failures === undefined ? "" : String(a.consecutive_failures),
    alert_tail_factor: a.long_tail ? String(a.long_tail.factor) : "", alert_tail_window: a.long_tail ? String(a.long_tail.window) : "",
    alert_users: [...a.recipients.users], alert_roles: [...a.recipients.roles], alert_owner: a.recipients.owner,
  };
}

/** The form's alert inputs as the API's `alerts` object; a half-filled long tail is sent so the API names the missing field. */
export function alertsOf(f: JobForm): JobAlerts {
  const opt = (text: string) => (text.trim() === "" ? undefined : Number(text));
  const factor = opt(f.alert_tail_factor);
  const window = opt(f.alert_tail_window);
  return {
    on_failure: f.alert_on_failure, on_timeout: f.alert_on_timeout,
    ...(opt(f.alert_missed_start_s) === undefined ? {} : { missed_start_grace_s: opt(f.alert_missed_start_s) }),
    ...(opt(f.alert_consecutive) === undefined ? {} : { consecutive_failures: opt(f.alert_consecutive) }),
    ...(factor === undefined && window === undefined ? {} : { long_tail: { factor: factor as number, window: window as number } }),
    recipients: { users: [...f.alert_users], roles: [...f.alert_roles], owner: f.alert_owner },
  };
}

export const DEFAULT_TIMEZONE = "Asia/Shanghai";

export function emptyForm(): JobForm {
  return {
    name: "", description: "", type: "shell",
    method: "GET", url: "", headers: "", body: "", expect_status: "", json_path: "", json_equals: "",
    command: "", cwd: "", env_allow: "", statement: "", language: "typescript", source: "", params: "",
    schedule_kind: "cron", cron: "0 0 2 * * *", timezone: DEFAULT_TIMEZONE, every_s: "300", delay_s: "300", at: "",
    retries_count: "0", backoff_type: "fixed", delay_ms: "0", timeout_s: "3600", concurrency: "allow", priority: "0", misfire: "fire_once", shards: "1",
    owner_department_id: "", tags: "",
    ...alertFields(DEFAULT_JOB_ALERTS),
  };
}

const str = (v: unknown) => (v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));
const lines = (o: Record<string, unknown> | undefined, sep: string) => Object.entries(o ?? {}).map(([k, v]) => `${k}${sep}${str(v)}`).join("\n");

/** `at` is shown in the browser's local time (datetime-local has no zone). */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formFromJob(job: Job): JobForm {
  const c = job.config as Record<string, unknown>;
  const check = (c.json_path_check ?? {}) as { path?: string; equals?: unknown };
  const s = job.schedule;
  return {
    ...emptyForm(),
    name: job.name, description: job.description, type: job.type,
    method: str(c.method) || "GET", url: str(c.url), headers: lines(c.headers as Record<string, unknown>, ": "), body: str(c.body),
    expect_status: Array.isArray(c.expect_status) ? c.expect_status.join(",") : str(c.expect_status),
    json_path: check.path ?? "", json_equals: check.equals === undefined ? "" : str(check.equals),
    command: str(c.command), cwd: str(c.cwd), env_allow: ((c.env_allow as string[]) ?? []).join(","),
    statement: str(c.statement), language: str(c.language) || "typescript", source: str(c.source),
    params: lines(job.params, "="),
    schedule_kind: !s ? "none" : "cron" in s ? "cron" : "every_s" in s ? "every" : "delay_s" in s ? "delay" : "at",
    cron: s && "cron" in s ? s.cron : "", timezone: s && "cron" in s ? s.timezone : DEFAULT_TIMEZONE,
    every_s: s && "every_s" in s ? String(s.every_s) : "300", delay_s: s && "delay_s" in s ? String(s.delay_s) : "300", at: s && "at" in s ? toLocalInput(s.at) : "",
    retries_count: String(job.retries.count), backoff_type: job.retries.backoff.type, delay_ms: String(job.retries.backoff.delay_ms),
    timeout_s: String(job.timeout_s), concurrency: job.concurrency, priority: String(job.priority), misfire: job.misfire, shards: String(job.shards ?? 1),
    owner_department_id: job.owner_department_id ?? "", tags: job.tags.join(","),
    ...alertFields(job.alerts ?? DEFAULT_JOB_ALERTS),
  };
}

/** `k=v` lines (or `k: v` for headers); blank lines are skipped. */
export function parsePairs(text: string, sep: "=" | ":"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const at = line.indexOf(sep);
    if (at < 0) out[line.trim()] = "";
    else out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

const list = (text: string) => text.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean);
/** a number when the input is one; otherwise the text, so the API names the field */
const num = (text: string): number => (text.trim() === "" ? Number.NaN : Number(text));
const numOr = (text: string, fallback: number): number => (text.trim() === "" ? fallback : Number(text));

function jsonOrText(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null ? v : text;
  } catch {
    return text;
  }
}

function configOf(f: JobForm): Record<string, unknown> {
  switch (f.type) {
    case "http": {
      const statuses = list(f.expect_status).map(Number);
      const equals = f.json_equals.trim() === "" ? undefined : (jsonOrText(f.json_equals) ?? f.json_equals);
      return {
        method: f.method, url: f.url.trim(), headers: parsePairs(f.headers, ":"), body: jsonOrText(f.body),
        expect_status: statuses.length === 0 ? undefined : statuses.length === 1 ? statuses[0] : statuses,
        json_path_check: f.json_path.trim() ? (equals === undefined ? { path: f.json_path.trim(), exists: true } : { path: f.json_path.trim(), equals }) : undefined,
      };
    }
    case "shell":
      return { command: f.command, cwd: f.cwd.trim() || undefined, env_allow: list(f.env_allow) };
    case "sql":
      return { engine: "store", statement: f.statement };
    case "script":
      return { language: f.language, source: f.source };
  }
}

export function scheduleOf(f: JobForm): JobSchedule {
  switch (f.schedule_kind) {
    case "cron":
      return { cron: f.cron.trim(), timezone: f.timezone.trim() || DEFAULT_TIMEZONE };
    case "every":
      return { every_s: num(f.every_s) };
    case "delay":
      return { delay_s: num(f.delay_s) };
    case "at":
      return { at: f.at ? new Date(f.at).toISOString() : "" };
    case "none":
      return null;
  }
}

/**
 * The body of a save. PUT replaces the whole definition, so what the form does not show
 * (catch-up limit, which outcomes are retried) is carried over from the job being edited instead
 * of falling back to defaults.
 */
export function bodyOf(f: JobForm, original: Job | null = null): JobInput {
  const kept = original;
  return {
    ...(kept ? { catch_up_max: kept.catch_up_max } : {}),
    alerts: alertsOf(f),
    misfire: f.misfire,
    name: f.name.trim(), description: f.description, type: f.type, config: configOf(f), params: parsePairs(f.params, "="),
    schedule: scheduleOf(f),
    retries: { count: numOr(f.retries_count, 0), backoff: { type: f.backoff_type, delay_ms: numOr(f.delay_ms, 0) }, ...(kept ? { on: kept.retries.on } : {}) },
    timeout_s: numOr(f.timeout_s, 3600), concurrency: f.concurrency, priority: numOr(f.priority, 0), shards: numOr(f.shards, 1),
    owner_department_id: f.owner_department_id || null, tags: list(f.tags),
  };
}
