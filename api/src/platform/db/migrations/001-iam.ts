import type { Migration } from "../migrate.ts";

/**
 * IAM schema. Portable DDL: ids and ISO-8601 UTC timestamps are TEXT, flags and counters
 * INTEGER, JSON is TEXT. Department and role trees keep a materialised `path`
 * (`/rootId/childId/`) so subtree queries are a LIKE on an index.
 */
export const m001Iam: Migration = {
  version: 1,
  name: "iam",
  statements: () => [
    `CREATE TABLE departments (
      id TEXT PRIMARY KEY,
      parent_id TEXT REFERENCES departments(id),
      path TEXT NOT NULL,
      name TEXT NOT NULL,
      leader_id TEXT,
      sort INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'active',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    "CREATE INDEX departments_path ON departments(path)",
    "CREATE INDEX departments_parent ON departments(parent_id)",
    `CREATE TABLE users (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL,
      display_name TEXT NOT NULL,
      email TEXT,
      phone TEXT,
      id_number TEXT,
      dept_id TEXT REFERENCES departments(id),
      status TEXT NOT NULL DEFAULT 'active',
      locale TEXT NOT NULL DEFAULT 'zh-CN',
      password_hash TEXT,
      password_changed_at TEXT,
      must_change_password INTEGER NOT NULL DEFAULT 0,
      failed_count INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT,
      last_login_at TEXT,
      last_login_ip TEXT,
      mfa_enabled INTEGER NOT NULL DEFAULT 0,
      mfa_secret TEXT,
      mfa_pending_secret TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT
    )`,
    "CREATE UNIQUE INDEX users_username ON users(username) WHERE deleted_at IS NULL",
    "CREATE INDEX users_dept ON users(dept_id)",
    `CREATE TABLE password_history (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id),
      password_hash TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    "CREATE INDEX password_history_user ON password_history(user_id, created_at)",
    `CREATE TABLE permissions (
      code TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      parent_code TEXT,
      name_zh TEXT NOT NULL,
      name_en TEXT NOT NULL,
      sort INTEGER NOT NULL DEFAULT 0
    )`,
    `CREATE TABLE roles (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      parent_id TEXT REFERENCES roles(id),
      path TEXT NOT NULL,
      data_scope TEXT NOT NULL DEFAULT 'SELF',
      mfa_required INTEGER NOT NULL DEFAULT 0,
      builtin INTEGER NOT NULL DEFAULT 0,
      sort INTEGER NOT NULL DEFAULT 0,
      description TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    `CREATE TABLE role_permissions (
      role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
      permission_code TEXT NOT NULL,
      PRIMARY KEY (role_id, permission_code)
    )`,
    `CREATE TABLE role_depts (
      role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
      dept_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
      PRIMARY KEY (role_id, dept_id)
    )`,
    `CREATE TABLE user_roles (
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
      PRIMARY KEY (user_id, role_id)
    )`,
    "CREATE INDEX user_roles_role ON user_roles(role_id)",
    `CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id),
      provider TEXT NOT NULL DEFAULT 'password',
      ip TEXT,
      user_agent TEXT,
      device TEXT,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      revoked_at TEXT,
      revoke_reason TEXT
    )`,
    "CREATE INDEX sessions_user ON sessions(user_id, revoked_at)",
    `CREATE TABLE refresh_tokens (
      id TEXT PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions(id),
      token_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      revoked_at TEXT
    )`,
    "CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id)",
    `CREATE TABLE mfa_recovery_codes (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id),
      code_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      used_at TEXT
    )`,
    "CREATE INDEX mfa_recovery_codes_user ON mfa_recovery_codes(user_id)",
    `CREATE TABLE user_identities (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id),
      provider TEXT NOT NULL,
      subject TEXT NOT NULL,
      profile TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (provider, subject)
    )`,
    "CREATE INDEX user_identities_user ON user_identities(user_id)",
    `CREATE TABLE auth_tickets (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT
    )`,
    `CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT
    )`,
  ],
};
