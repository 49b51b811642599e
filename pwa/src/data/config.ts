import type { ConfigChangeSet, ConfigField, ConfigFieldType, ConfigRecord, ConfigTable } from "@ops/shared/contracts/config.ts";
import { api, request, requestBlob, type Query } from "./client.ts";
import type { Page } from "./types.ts";

export type { ConfigChangeSet, ConfigField, ConfigFieldType, ConfigRecord, ConfigTable };
export { CONFIG_FIELD_TYPES, CONFIG_FIELD_KEY_PATTERN, CONFIG_NAME_PATTERN } from "@ops/shared/contracts/config.ts";

const t = (table: string) => `/config/tables/${encodeURIComponent(table)}`;
const r = (table: string, key: string) => `${t(table)}/records/${encodeURIComponent(key)}`;

/** What the designer sends: the table minus what the server keeps. */
export type ConfigTableInput = Pick<
  ConfigTable,
  | "name" | "display_name" | "description" | "fields" | "key_field" | "read_roles" | "write_roles" | "needs_approval"
  | "approval_definition" | "owner_department_id" | "keep_history_days" | "subscribers"
>;

/** A list row may carry how many records the table holds (the API may leave it out). */
export type ConfigTableRow = ConfigTable & { record_count?: number; owner_department_name?: string | null };

/** A record write: applied at once (the record), or a change set waiting for approval (202). */
export type WriteResult = { kind: "applied"; record: ConfigRecord | null } | { kind: "proposed"; changeSet: ConfigChangeSet };

/** `{data: <ConfigChangeSet>}` (202) and `{data: record}` (200/201) told apart by shape, so no second request is needed. */
function writeResult(data: unknown): WriteResult {
  const o = (data ?? {}) as Record<string, unknown>;
  if (typeof o.status === "string" && Array.isArray(o.changes)) return { kind: "proposed", changeSet: o as unknown as ConfigChangeSet };
  const record = (o.record ?? o) as ConfigRecord;
  return { kind: "applied", record: typeof record.key === "string" ? record : null };
}

export type ImportMode = "upsert" | "replace";
export type ImportReport = {
  rows: number;
  to_create: number;
  to_update: number;
  to_delete: number;
  errors: Array<{ row: number; field: string; message: string }>;
};

/** Lists may come paged or plain. */
const itemsOf = <T>(x: Page<T> | T[]): T[] => (Array.isArray(x) ? x : x.items);

/** Config center tables and records (the designer, the generated list and forms). */
export const configApi = {
  tables: (q: Query = {}) => api.get<Page<ConfigTableRow> | ConfigTableRow[]>("/config/tables", { page_size: 200, ...q }).then(itemsOf),
  table: (name: string) => api.get<ConfigTable>(t(name)),
  createTable: (input: ConfigTableInput) => api.post<ConfigTable>("/config/tables", input),
  /** the name is fixed once created (the API refuses it in a PATCH) */
  updateTable: (name: string, input: Partial<ConfigTableInput>) => {
    const { name: _fixed, ...body } = input;
    return request<ConfigTable>("PATCH", t(name), { body });
  },
  removeTable: (name: string) => api.del<unknown>(t(name)),

  records: (table: string, q: Query) => api.get<Page<ConfigRecord>>(`${t(table)}/records`, q),
  record: (table: string, key: string) => api.get<ConfigRecord>(r(table, key)),
  createRecord: async (table: string, values: Record<string, unknown>, reason: string) =>
    writeResult(await api.post<unknown>(`${t(table)}/records`, { values, reason })),
  /** `version`: the record's version as read (If-Match): a stale one answers 409 */
  updateRecord: async (table: string, key: string, values: Record<string, unknown>, reason: string, version: number) =>
    writeResult(await request<unknown>("PATCH", r(table, key), { body: { values, reason }, headers: { "If-Match": String(version) } })),
  removeRecord: async (table: string, key: string, reason: string) =>
    writeResult(await request<unknown>("DELETE", r(table, key), { body: { reason }, query: { reason } })),

  upload: (table: string, file: File) => {
    const form = new FormData();
    form.set("file", file);
    return request<{ key: string; url: string }>("POST", `${t(table)}/uploads`, { form });
  },
  uploadUrl: (table: string, key: string) => `${t(table)}/uploads/${encodeURIComponent(key)}`,

  importFile: async (table: string, file: File, opts: { mode: ImportMode; dryRun: boolean; reason: string }) => {
    const form = new FormData();
    form.set("file", file);
    form.set("mode", opts.mode);
    if (opts.reason) form.set("reason", opts.reason);
    const query = { mode: opts.mode, dry_run: opts.dryRun ? "1" : undefined, reason: opts.reason || undefined };
    return request<unknown>("POST", `${t(table)}/records/import`, { form, query });
  },
  exportFile: (table: string, format: "csv" | "xlsx", q: Query) => requestBlob(`${t(table)}/records/export`, { ...q, format }),
};
