import type { Migration } from "../migrate.ts";

/**
 * Built-in departments carry a stable code (the root created at first start: `root`; demo
 * departments: `demo_…`), like built-in roles carry `builtin` + `code`. A built-in row that still
 * has its default name is shown in the caller's language (modules/iam/access/builtin-names.ts);
 * a name an admin entered is shown as entered. The root created before this migration is marked
 * when it still has its default name.
 */
export const m014BuiltinNames: Migration = {
  version: 14,
  name: "builtin-names",
  statements: () => [
    "ALTER TABLE departments ADD COLUMN code TEXT",
    "UPDATE departments SET code = 'root' WHERE parent_id IS NULL AND name = '总部'",
  ],
};
