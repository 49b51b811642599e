import type { Migration } from "../migrate.ts";

/**
 * Subprocess nodes: a child approval instance records its parent instance and the parent's node
 * that started it, so the child's end can advance (or reject) the parent, and withdrawing the
 * parent finds its open children.
 */
export const m033ApprovalSubprocess: Migration = {
  version: 33,
  name: "approval-subprocess",
  statements: () => [
    "ALTER TABLE approval_instances ADD COLUMN parent_id TEXT",
    "ALTER TABLE approval_instances ADD COLUMN parent_node TEXT",
    "CREATE INDEX approval_instances_parent ON approval_instances (parent_id)",
  ],
};
