import type { Migration } from "../migrate.ts";
import { triggers } from "./011-iam-cache.ts";

/**
 * A cache version for the user directory (users and their role assignments), bumped by triggers
 * in the same transaction as any change, like the versions of migration 011. The authenticated
 * user list answers a repeated page from a per-process copy while this version (and those of
 * roles and departments) is unchanged (modules/iam/directory/users-list-cache.ts).
 */
export const m021UsersCacheVersion: Migration = {
  version: 21,
  name: "users-cache-version",
  statements: (dialect) => [
    "INSERT INTO cache_versions (name, version) VALUES ('users', 1)",
    ...["users", "user_roles"].flatMap((table) => triggers(dialect, table, "users")),
  ],
};
