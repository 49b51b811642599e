import type { Migration } from "../migrate.ts";

/**
 * Directory indexes: role subtrees (path LIKE 'prefix%') and parents, CUSTOM-scope lookups by
 * department, and leader clean-up when a user is deleted.
 */
export const m004Directory: Migration = {
  version: 4,
  name: "directory",
  statements: () => [
    "CREATE INDEX roles_path ON roles(path)",
    "CREATE INDEX roles_parent ON roles(parent_id)",
    "CREATE INDEX role_depts_dept ON role_depts(dept_id)",
    "CREATE INDEX departments_leader ON departments(leader_id)",
  ],
};
