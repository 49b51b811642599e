import type { Migration } from "../migrate.ts";

/** Reserved for the directory area's schema changes (empty until it needs one). */
export const m004Directory: Migration = {
  version: 4,
  name: "directory",
  statements: () => [],
};
