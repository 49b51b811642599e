import type { Migration } from "../migrate.ts";

/** Codes the built-in roles get for tickets (seed-roles.ts gives them to roles created from now on). */
const GRANTS: Array<[role: string, codes: string[]]> = [
  // 运营主管 review their departments' tickets (管理方); assigning is the contractor PM's (a role of its own)
  ["ops_manager", ["menu:tickets", "tickets:review"]],
];

/**
 * 运维工单 (modules/tickets). `no` is the number people quote (T-00042); the department is the
 * reporter's at opening time, so data scopes keep applying after a move. SLA due times are fixed
 * at opening from the priority; `sla_reminded` / `sla_breached` keep the sweep from repeating
 * itself. The timeline is append-only; attachment bytes live in the blob store, rows here.
 */
export const m024Tickets: Migration = {
  version: 24,
  name: "tickets",
  statements: () => [
    `CREATE TABLE tickets (
      id TEXT PRIMARY KEY,
      no INTEGER NOT NULL UNIQUE,
      title TEXT NOT NULL,
      kind TEXT NOT NULL,
      priority TEXT NOT NULL,
      status TEXT NOT NULL,
      description TEXT NOT NULL,
      reporter_id TEXT NOT NULL,
      dept_id TEXT,
      assignee_id TEXT,
      via TEXT NOT NULL,
      response_due_at TEXT NOT NULL,
      resolution_due_at TEXT NOT NULL,
      responded_at TEXT,
      resolved_at TEXT,
      sla_reminded TEXT NOT NULL DEFAULT '',
      sla_breached INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      status_changed_at TEXT NOT NULL
    )`,
    "CREATE INDEX tickets_status ON tickets (status, created_at)",
    "CREATE INDEX tickets_reporter ON tickets (reporter_id, created_at)",
    "CREATE INDEX tickets_dept ON tickets (dept_id)",
    "CREATE INDEX tickets_assignee ON tickets (assignee_id)",
    `CREATE TABLE ticket_events (
      id TEXT PRIMARY KEY,
      ticket_id TEXT NOT NULL REFERENCES tickets(id),
      kind TEXT NOT NULL,
      action TEXT,
      from_status TEXT,
      to_status TEXT,
      comment TEXT,
      assignee_id TEXT,
      actor_id TEXT,
      via TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, created_at)",
    `CREATE TABLE ticket_attachments (
      id TEXT PRIMARY KEY,
      ticket_id TEXT NOT NULL REFERENCES tickets(id),
      event_id TEXT NOT NULL REFERENCES ticket_events(id),
      name TEXT NOT NULL,
      mime TEXT NOT NULL,
      size INTEGER NOT NULL,
      blob_key TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX ticket_attachments_event ON ticket_attachments (event_id)",
    ...GRANTS.flatMap(([role, codes]) =>
      codes.map(
        (code) =>
          `INSERT INTO role_permissions (role_id, permission_code)
           SELECT r.id, '${code}' FROM roles r WHERE r.builtin = 1 AND r.code = '${role}'
           AND NOT EXISTS (SELECT 1 FROM role_permissions x WHERE x.role_id = r.id AND x.permission_code = '${code}')`,
      )),
  ],
};
