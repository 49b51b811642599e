import type { Migration } from "../migrate.ts";

/** Cache versions for settings, roles and departments (invalidation across processes). */
export const m011IamCache: Migration = {
  version: 11,
  name: "iam-cache",
  statements: () => [],
};
