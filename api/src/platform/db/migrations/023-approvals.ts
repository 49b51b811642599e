import type { Migration } from "../migrate.ts";

/**
 * 开发人员 decide too: department heads in tech hold that role, and dept-head approver rules reach them
 * (运营主管 already decides and designs; 运营专员 submits and views, and stays without decide).
 */
const GRANTS: Array<[string, string[]]> = [["developer", ["approvals:decide"]]];

/**
 * Approvals (modules/approvals): definitions (the draft being edited) and their published
 * versions (immutable; an instance stays on the version it started on), instances, tasks (one per
 * approver or CC reader per node visit, `round` counts visits after a send-back), the state of each
 * node an instance reached, and the timeline of every event.
 */
export const m023Approvals: Migration = {
  version: 23,
  name: "approvals",
  statements: () => [
    `CREATE TABLE approval_definitions (
      id TEXT PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      description TEXT NOT NULL,
      status TEXT NOT NULL,
      form TEXT NOT NULL,
      nodes TEXT NOT NULL,
      edges TEXT NOT NULL,
      settings TEXT NOT NULL,
      published_version INTEGER,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    `CREATE TABLE approval_definition_versions (
      definition_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      name TEXT NOT NULL,
      form TEXT NOT NULL,
      nodes TEXT NOT NULL,
      edges TEXT NOT NULL,
      settings TEXT NOT NULL,
      published_by TEXT,
      published_at TEXT NOT NULL,
      PRIMARY KEY (definition_id, version)
    )`,
    `CREATE TABLE approval_instances (
      id TEXT PRIMARY KEY,
      definition_id TEXT NOT NULL,
      definition_key TEXT NOT NULL,
      definition_name TEXT NOT NULL,
      version INTEGER NOT NULL,
      title TEXT NOT NULL,
      form TEXT NOT NULL,
      selected TEXT NOT NULL,
      status TEXT NOT NULL,
      initiator_id TEXT NOT NULL,
      initiator_dept_id TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      finished_at TEXT
    )`,
    "CREATE INDEX approval_instances_initiator ON approval_instances (initiator_id, created_at)",
    "CREATE INDEX approval_instances_status ON approval_instances (status, created_at)",
    `CREATE TABLE approval_nodes (
      instance_id TEXT NOT NULL,
      node_key TEXT NOT NULL,
      status TEXT NOT NULL,
      round INTEGER NOT NULL,
      arrived INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (instance_id, node_key)
    )`,
    `CREATE TABLE approval_tasks (
      id TEXT PRIMARY KEY,
      instance_id TEXT NOT NULL,
      node_key TEXT NOT NULL,
      node_name TEXT NOT NULL,
      round INTEGER NOT NULL,
      kind TEXT NOT NULL,
      assignee_id TEXT NOT NULL,
      status TEXT NOT NULL,
      seq INTEGER NOT NULL,
      parent_task_id TEXT,
      relation TEXT,
      decided_by TEXT,
      decided_at TEXT,
      comment TEXT,
      read_at TEXT,
      urged_at TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX approval_tasks_assignee ON approval_tasks (assignee_id, status, created_at)",
    "CREATE INDEX approval_tasks_instance ON approval_tasks (instance_id, node_key)",
    `CREATE TABLE approval_events (
      id TEXT PRIMARY KEY,
      instance_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      task_id TEXT,
      node_key TEXT,
      action TEXT NOT NULL,
      actor_id TEXT,
      comment TEXT,
      data TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX approval_events_instance ON approval_events (instance_id, seq)",
    ...GRANTS.flatMap(([role, codes]) =>
      codes.map(
        (code) =>
          `INSERT INTO role_permissions (role_id, permission_code)
           SELECT r.id, '${code}' FROM roles r WHERE r.builtin = 1 AND r.code = '${role}'
           AND NOT EXISTS (SELECT 1 FROM role_permissions x WHERE x.role_id = r.id AND x.permission_code = '${code}')`,
      )),
  ],
};
