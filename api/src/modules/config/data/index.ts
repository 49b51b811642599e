/** The data layer: ports, the ConfigData implementation, stored records and diffs. */
export type { ApplyMeta, ConfigData, ConfigWriteGate, FieldError } from "./ports.ts";
export { createConfigData, type Applied, type ConfigDataLayer } from "./data.ts";
export { RECORD_FROM, RECORD_SELECT, loadLive, loadRecordRow, loadStateAt, toRecord, type RecordRow } from "./records.store.ts";
export { maskSecrets, openSecrets, visibleValues } from "./secret-values.ts";
export { diffStates, summaryOf } from "./diff.ts";
export { TABLE_SELECT, loadTable, loadTableById, tableColumns, toTable, type TableRow } from "./table.store.ts";
