import { z } from "@hono/zod-openapi";
import { CONFIG_FIELD_TYPES } from "@ops/shared/contracts/config.ts";
import { listQuery } from "../../http/list-query.ts";

const option = z.object({ value: z.string().min(1).max(200), label: z.string().min(1).max(200) }).strict();

/** A field's shape; what the props mean together is checked in tables/validate-table.ts (errors at fields[i].<prop>). */
export const fieldSchema = z.object({
  key: z.string().min(1).max(63),
  type: z.enum(CONFIG_FIELD_TYPES),
  label: z.string().trim().min(1).max(100),
  description: z.string().max(500).optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  min_length: z.number().int().min(0).optional(),
  max_length: z.number().int().min(1).optional(),
  regex: z.string().max(500).optional(),
  regex_message: z.string().max(200).optional(),
  scale: z.number().int().min(0).max(12).optional(),
  options: z.array(option).max(500).optional(),
  json_schema: z.record(z.string(), z.unknown()).optional(),
  language: z.enum(["json", "yaml", "sql", "javascript", "typescript", "python", "shell", "text"]).optional(),
  reference: z.object({ table: z.string().min(1).max(63) }).strict().optional(),
  secret: z.boolean().optional(),
  default: z.unknown().optional(),
}).strict().openapi("ConfigField");

const tableProps = {
  display_name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).default(""),
  fields: z.array(fieldSchema).min(1).max(100),
  key_field: z.string().min(1).max(63),
  read_roles: z.array(z.string().min(1).max(64)).max(50).default([]),
  write_roles: z.array(z.string().min(1).max(64)).max(50).default([]),
  needs_approval: z.boolean().default(false),
  approval_definition: z.string().min(1).max(100).default("config-release"),
  owner_department_id: z.string().min(1).max(64).nullable().default(null),
  keep_history_days: z.number().int().min(1).max(36500).nullable().default(null),
  subscribers: z.array(z.string().min(1).max(64)).max(200).default([]),
};

export const createTableBody = z.object({ name: z.string().min(1).max(63), ...tableProps }).strict();
export type CreateTableInput = z.infer<typeof createTableBody>;

export const updateTableBody = z.object({
  display_name: tableProps.display_name.optional(),
  description: z.string().max(2000).optional(),
  fields: tableProps.fields.optional(),
  key_field: tableProps.key_field.optional(),
  read_roles: z.array(z.string().min(1).max(64)).max(50).optional(),
  write_roles: z.array(z.string().min(1).max(64)).max(50).optional(),
  needs_approval: z.boolean().optional(),
  approval_definition: z.string().min(1).max(100).optional(),
  owner_department_id: z.string().min(1).max(64).nullable().optional(),
  keep_history_days: z.number().int().min(1).max(36500).nullable().optional(),
  subscribers: z.array(z.string().min(1).max(64)).max(200).optional(),
}).strict();
export type UpdateTableInput = z.infer<typeof updateTableBody>;

export const listTablesQuery = listQuery.extend({ q: z.string().max(200).optional() });

/** `reason` is required on every write; checked in the service so its absence is 422 naming `reason`. */
const reason = z.string().max(500).optional();

export const writeRecordBody = z.object({
  values: z.record(z.string(), z.unknown()),
  reason,
  /** tables with an owner department: the record's department (default the writer's) */
  department_id: z.string().min(1).max(64).nullable().optional(),
  /** approval tables: release the approved change at this instant (else at once) */
  release_at: z.string().datetime({ offset: true }).nullable().optional(),
}).strict();
export type WriteRecordInput = z.infer<typeof writeRecordBody>;

export const reasonBody = z.object({ reason }).strict();

export const tableParam = z.object({ table: z.string().min(1).max(63) });
export const recordParam = z.object({ table: z.string().min(1).max(63), key: z.string().min(1).max(500) });
export const versionParam = z.object({ table: z.string().min(1).max(63), version: z.coerce.number().int().min(0) });
export const uploadParam = z.object({ table: z.string().min(1).max(63), key: z.string().min(1).max(100) });

/** `?q=` over text fields, `f.<field>=value` filters (read from the raw query), `sort=<field>|-<field>`. */
export const listRecordsQuery = listQuery.extend({ q: z.string().max(200).optional() }).passthrough();
export const deleteRecordQuery = z.object({ reason: z.string().max(500).optional() });
export const versionsQuery = listQuery;
export const diffQuery = z.object({ table: z.string().min(1).max(63) });
export const diffRange = z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0) });
export const exportQuery = z.object({ format: z.enum(["csv", "xlsx"]).default("csv") });
