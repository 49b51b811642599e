import { AppError, type FieldError, type UserActor } from "@ops/shared";
import type { Job } from "@ops/shared/contracts/jobs.ts";
import { parseDocument, stringify } from "yaml";
import { noteAudit } from "../../../platform/context.ts";
import type { JobsDeps } from "../jobs.deps.ts";
import { invalidFields } from "../jobs.errors.ts";
import type { JobDefinitions } from "./job.service.ts";
import { createJobBody, type CreateJobInput } from "./job.schema.ts";
import { validateDefinition, zodFieldErrors } from "./validate.ts";

/** The file's shape: `version: 1` and the definitions, as the create body takes them (plus status). */
export const TRANSFER_VERSION = 1;
const MAX_JOBS = 500;

const definitionOf = (j: Job) => ({
  name: j.name, description: j.description, type: j.type, config: j.config, params: j.params, schedule: j.schedule,
  misfire: j.misfire, catch_up_max: j.catch_up_max, retries: j.retries, timeout_s: j.timeout_s, concurrency: j.concurrency,
  priority: j.priority, shards: j.shards, owner_department_id: j.owner_department_id, tags: j.tags, alerts: j.alerts, status: j.status,
});

/** Definitions as YAML (what `import` reads back): ids, timestamps and schedule cursors are not part of a definition. */
export function exportYaml(jobs: Job[]): string {
  return stringify({ version: TRANSFER_VERSION, jobs: jobs.map(definitionOf) }, { lineWidth: 0 });
}

export type ImportMode = "create" | "upsert";
export type ImportReport = { dry_run: boolean; items: Array<{ name: string; action: "create" | "update" }> };

type Entry = { input: CreateJobInput; status: "enabled" | "paused" | undefined; existing: Job | null };

/**
 * Reads a YAML export and applies it in one transaction, or nothing: every entry is checked as
 * the create body is (errors name `jobs.<n>.<field>`), names must be unique in the file, and a
 * name that exists is an error in `create` mode and an update (of a job in the caller's scope) in
 * `upsert` mode. `status` (enabled|paused) is applied after the definition.
 */
export async function importYaml(deps: JobsDeps, defs: JobDefinitions, actor: UserActor, text: string, mode: ImportMode, dryRun: boolean): Promise<ImportReport> {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) throw invalidFields([{ field: "yaml", message: "jobs.yaml_invalid", params: { reason: doc.errors[0]!.message.split("\n")[0] } }]);
  const root = doc.toJS() as { version?: unknown; jobs?: unknown } | null;
  if (!root || typeof root !== "object" || !Array.isArray(root.jobs)) throw invalidFields([{ field: "yaml", message: "jobs.yaml_shape" }]);
  if (root.jobs.length > MAX_JOBS) throw invalidFields([{ field: "jobs", message: "validation.too_many", params: { max: MAX_JOBS } }]);

  const errors: FieldError[] = [];
  const entries: Entry[] = [];
  const seen = new Map<string, number>();
  for (const [i, raw] of root.jobs.entries()) {
    const { status, ...body } = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const parsed = createJobBody.safeParse(body);
    if (!parsed.success) {
      errors.push(...zodFieldErrors(parsed.error, body, `jobs.${i}`));
      continue;
    }
    if (status !== undefined && status !== "enabled" && status !== "paused") errors.push({ field: `jobs.${i}.status`, message: "validation.invalid_option", params: { options: "enabled, paused" } });
    if (seen.has(parsed.data.name)) errors.push({ field: `jobs.${i}.name`, message: "jobs.yaml_duplicate_name", params: { name: parsed.data.name, first: seen.get(parsed.data.name) } });
    seen.set(parsed.data.name, i);
    try {
      await validateDefinition(deps.db, deps.scope, actor, parsed.data);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push(...(e.errors ?? []).map((x) => ({ ...x, field: `jobs.${i}.${x.field}` })));
    }
    const exists = await deps.db.get<{ id: string }>("SELECT id FROM jobs WHERE name = ?", [parsed.data.name]);
    let existing: Job | null = null;
    if (exists && mode === "create") errors.push({ field: `jobs.${i}.name`, message: "jobs.name_taken", params: { name: parsed.data.name } });
    else if (exists) {
      existing = await defs.get(actor, exists.id).catch(() => null);
      if (!existing) errors.push({ field: `jobs.${i}.name`, message: "jobs.name_taken", params: { name: parsed.data.name } });
    }
    entries.push({ input: parsed.data, status: status as Entry["status"], existing });
  }
  if (errors.length) throw invalidFields(errors);

  const items = entries.map((e) => ({ name: e.input.name, action: (e.existing ? "update" : "create") as "create" | "update" }));
  if (dryRun) return { dry_run: true, items };
  await deps.db.tx(async () => {
    for (const e of entries) {
      const job = e.existing ? await defs.update(actor, e.existing.id, e.input) : await defs.create(actor, e.input);
      if (e.status && e.status !== job.status) await (e.status === "paused" ? defs.pause(actor, job.id) : defs.resume(actor, job.id));
    }
  });
  noteAudit({ resourceType: "job", resourceId: null, after: { mode, created: items.filter((x) => x.action === "create").map((x) => x.name), updated: items.filter((x) => x.action === "update").map((x) => x.name) } });
  return { dry_run: false, items };
}
