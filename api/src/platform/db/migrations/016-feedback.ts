import type { Migration } from "../migrate.ts";

/** Codes the built-in roles get for feedback (seed-roles.ts gives them to roles created from now on). */
const GRANTS: Array<[role: string, codes: string[]]> = [
  ["ops_manager", ["menu:feedback", "feedback:list", "feedback:manage"]],
  ["auditor", ["menu:feedback", "feedback:list"]],
];

/**
 * In-product feedback (modules/feedback). `no` is the number people quote (FB-00042); the
 * department is the submitter's at filing time, so data scopes keep applying after a move.
 * The timeline is append-only; a screenshot (PNG/JPEG, size-capped) sits in its own table so
 * lists never read it. Built-in roles created before this version get the new codes here;
 * on a fresh store there are no roles yet and the seed grants them.
 */
export const m016Feedback: Migration = {
  version: 16,
  name: "feedback",
  statements: () => [
    `CREATE TABLE feedback (
      id TEXT PRIMARY KEY,
      no INTEGER NOT NULL UNIQUE,
      category TEXT NOT NULL,
      status TEXT NOT NULL,
      content TEXT NOT NULL,
      page TEXT,
      context TEXT NOT NULL,
      submitter_id TEXT NOT NULL,
      dept_id TEXT,
      assignee_id TEXT,
      via TEXT NOT NULL,
      has_screenshot INTEGER NOT NULL DEFAULT 0,
      last_reply TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      status_changed_at TEXT NOT NULL
    )`,
    "CREATE INDEX feedback_status ON feedback (status, created_at)",
    "CREATE INDEX feedback_submitter ON feedback (submitter_id, created_at)",
    "CREATE INDEX feedback_dept ON feedback (dept_id)",
    "CREATE INDEX feedback_assignee ON feedback (assignee_id)",
    `CREATE TABLE feedback_events (
      id TEXT PRIMARY KEY,
      feedback_id TEXT NOT NULL REFERENCES feedback(id),
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
    "CREATE INDEX feedback_events_feedback ON feedback_events (feedback_id, created_at)",
    `CREATE TABLE feedback_screenshots (
      feedback_id TEXT PRIMARY KEY REFERENCES feedback(id),
      mime TEXT NOT NULL,
      size INTEGER NOT NULL,
      data TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    ...GRANTS.flatMap(([role, codes]) =>
      codes.map(
        (code) =>
          `INSERT INTO role_permissions (role_id, permission_code)
           SELECT r.id, '${code}' FROM roles r WHERE r.builtin = 1 AND r.code = '${role}'
           AND NOT EXISTS (SELECT 1 FROM role_permissions x WHERE x.role_id = r.id AND x.permission_code = '${code}')`,
      )),
  ],
};
