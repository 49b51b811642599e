import { AppError, type Actor, type FieldError } from "@ops/shared";
import type { Job, JobSchedule } from "@ops/shared/contracts/jobs.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { ScopeFilter } from "../../../platform/data-scope.ts";
import { validationHook } from "../../../http/validation.ts";
import { DEFAULT_TIMEZONE, cronProblem, isValidTimezone } from "../schedule/index.ts";
import { invalidFields } from "../jobs.errors.ts";
import { CONFIG_SCHEMAS, type CreateJobInput } from "./job.schema.ts";
import { unknownRecipients } from "../alerts/index.ts";
import { stringsIn, unknownPlaceholders } from "../placeholders.ts";

/** What a valid body becomes before it is stored: config parsed for its type, schedule with its zone. */
export type JobDefinition = Omit<CreateJobInput, "config" | "schedule" | "owner_department_id" | "retries"> & {
  config: Record<string, unknown>;
  schedule: JobSchedule;
  owner_department_id: string | null;
  retries: Job["retries"];
};

/** A failed zod parse worded like any body error (validation.ts), each field under `prefix`. */
export function zodFieldErrors(error: unknown, data: unknown, prefix: string): FieldError[] {
  try {
    validationHook({ success: false, error, data, target: "json" } as never, undefined as never);
  } catch (e) {
    if (e instanceof AppError) return (e.errors ?? []).map((x) => ({ ...x, field: x.field === "json" ? prefix : `${prefix}.${x.field}` }));
    throw e;
  }
  return [{ field: prefix, message: "validation.invalid" }];
}

/** The per-type config's zod issues, worded like any body error, under `config.`. */
function configErrors(type: CreateJobInput["type"], config: unknown): { value?: Record<string, unknown>; errors: FieldError[] } {
  const result = CONFIG_SCHEMAS[type].safeParse(config);
  if (result.success) return { value: result.data as Record<string, unknown>, errors: [] };
  return { errors: zodFieldErrors(result.error, config, "config") };
}

export function scheduleErrors(schedule: CreateJobInput["schedule"]): { value: JobSchedule; errors: FieldError[] } {
  if (!schedule || !("cron" in schedule)) return { value: schedule, errors: [] };
  const timezone = schedule.timezone ?? DEFAULT_TIMEZONE;
  if (!isValidTimezone(timezone)) return { value: null, errors: [{ field: "schedule.timezone", message: "jobs.timezone_invalid", params: { timezone } }] };
  const problem = cronProblem(schedule.cron, timezone);
  if (problem) return { value: null, errors: [{ field: "schedule.cron", message: problem, params: { cron: schedule.cron } }] };
  return { value: { cron: schedule.cron.trim(), timezone }, errors: [] };
}

/** Strings that may hold placeholders: params and config, except a script's source (params reach it as env). */
function placeholderErrors(type: CreateJobInput["type"], params: unknown, config: Record<string, unknown>): FieldError[] {
  const scanned = type === "script" ? { ...config, source: undefined } : config;
  const errors: FieldError[] = [];
  for (const [field, text] of [...stringsIn(params, "params"), ...stringsIn(scanned, "config")]) {
    const bad = unknownPlaceholders(text);
    if (bad.length) errors.push({ field, message: "jobs.placeholder_unknown", params: { placeholder: bad.join(", ") } });
  }
  return errors;
}

/**
 * Checks everything the body schema cannot: the config of the chosen type, the cron pattern and
 * zone, placeholders, and the owner department (it must exist and lie in the actor's data scope).
 * Every problem is reported at once; nothing is stored when there is one.
 */
export async function validateDefinition(db: Db, scope: ScopeFilter, actor: Actor, input: CreateJobInput): Promise<JobDefinition> {
  const config = configErrors(input.type, input.config);
  const schedule = scheduleErrors(input.schedule);
  const errors = [...config.errors, ...schedule.errors];
  if (config.value) errors.push(...placeholderErrors(input.type, input.params, config.value));
  if (input.schedule && "at" in input.schedule && Number.isNaN(Date.parse(input.schedule.at))) {
    errors.push({ field: "schedule.at", message: "validation.invalid" });
  }
  const dept = input.owner_department_id === undefined ? (actor.kind === "user" ? actor.deptId : null) : input.owner_department_id;
  if (dept && !(await deptInScope(db, scope, actor, dept))) errors.push({ field: "owner_department_id", message: "jobs.department_out_of_scope" });
  errors.push(...(await unknownRecipients(db, input.alerts)));
  if (errors.length) throw invalidFields(errors);
  return {
    ...input,
    config: config.value!,
    schedule: schedule.value,
    owner_department_id: dept ?? null,
    retries: { ...input.retries, on: input.retries.on ?? ["failed", "timed_out"] },
  };
}

async function deptInScope(db: Db, scope: ScopeFilter, actor: Actor, deptId: string): Promise<boolean> {
  const fragment = await scope(actor, { dept: "d.id" });
  const row = await db.get(`SELECT d.id FROM departments d WHERE d.id = ?${fragment ? ` AND ${fragment.sql}` : ""}`, [deptId, ...(fragment?.params ?? [])]);
  return row !== undefined;
}
