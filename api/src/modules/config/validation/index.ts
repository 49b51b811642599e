/** Value validation: per-type checks, rules, JSON Schema, rich text, and the batch check. */
export {
  BATCH_PATHS, RECORD_PATHS, RESERVED_KEYS, checkChanges, recordKeyOf,
  type ErrorPaths, type Lookups, type RecordOp, type StoredRecord,
} from "./check-changes.ts";
export { checkRules, checkType, isEmpty, type ValueProblem } from "./types.ts";
export { compileSchema, schemaProblem } from "./json-schema.ts";
export { sanitizeRichtext } from "./richtext.ts";
