/**
 * Config center: the words the API, the bot, the cards, the PWA and the consumer client share. Pure: no I/O.
 * The API validates with zod schemas built from these lists.
 *
 * Model (Apollo-like, with a real approval in front of a publish):
 * - a table is metadata (fields, roles, approval, owner department); its records are keyed by `key_field`;
 * - every applied change is one new table version (1, 2, …) holding each changed record's snapshot;
 *   the state at any version can be read back, two versions diffed, and any version restored (a new version);
 * - a table WITHOUT approval: a write applies at once (new version) and is released in full at once;
 * - a table WITH approval: a write makes a change set (nothing applied) that goes to approval; on approval it is
 *   applied (new version) and released now or at its `release_at`, in full or gray; a gray release is then
 *   promoted to full or aborted (abort restores the previous release's version as a new version);
 * - releases are immutable and numbered per table; consumers read `GET /api/v1/config/{table}/published`.
 */

/** text 单行文本 · textarea 多行文本 · number 整数/数值 · decimal 小数 · switch 开关 · date 日期 · datetime 日期时间 ·
 * select 单选 · multiselect 多选 · user 用户 · image 图片 · richtext 富文本 · json JSON · code 代码 · reference 引用 */
export const CONFIG_FIELD_TYPES = [
  "text", "textarea", "number", "decimal", "switch", "date", "datetime", "select", "multiselect",
  "user", "image", "richtext", "json", "code", "reference",
] as const;
export type ConfigFieldType = (typeof CONFIG_FIELD_TYPES)[number];

/** Field and table names: what URLs, chat and consumers use. */
export const CONFIG_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
export const CONFIG_FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export type ConfigField = {
  key: string;
  type: ConfigFieldType;
  label: string;
  description?: string;
  required?: boolean;
  /** no two live records share the value */
  unique?: boolean;
  /** number/decimal: value bounds */
  min?: number;
  max?: number;
  /** text/textarea/code/richtext: length bounds (characters) */
  min_length?: number;
  max_length?: number;
  /** text/textarea: the value must match; `regex_message` is what the user reads when it does not */
  regex?: string;
  regex_message?: string;
  /** decimal: digits after the point (values are kept as strings, e.g. "0.0350") */
  scale?: number;
  /** select/multiselect */
  options?: Array<{ value: string; label: string }>;
  /** json: optional JSON Schema (draft 2020-12 or 07) the value must satisfy */
  json_schema?: Record<string, unknown>;
  /** code: language for highlighting (json, yaml, sql, javascript, typescript, python, shell, text) */
  language?: string;
  /** reference: the other table's name; the value is a key of one of its live records */
  reference?: { table: string };
  /** text only: kept encrypted at rest; the API answers "••••••" (`{ secret: true, set: boolean }` in the PWA) */
  secret?: boolean;
  default?: unknown;
};

export type ConfigTable = {
  id: string;
  name: string;
  display_name: string;
  description: string;
  fields: ConfigField[];
  /** the field whose value is a record's key (required and unique): chat `config get <table> <key>`, consumers, URLs */
  key_field: string;
  /** role codes that may read / write; empty: anyone with config:view / config:edit */
  read_roles: string[];
  write_roles: string[];
  needs_approval: boolean;
  /** approval definition key used for change sets (default "config-release", created at start when missing) */
  approval_definition: string;
  /** data scopes apply to records (each record carries a department) when set */
  owner_department_id: string | null;
  /** versions older than this many days are pruned (the newest version and every released version are kept); null: forever */
  keep_history_days: number | null;
  /** user ids told of releases and rollbacks (chat + inbox) */
  subscribers: string[];
  /** built-in (system settings): fields cannot be changed, the table cannot be deleted */
  system: boolean;
  /** the newest version (0: no data yet) */
  version: number;
  /** the newest full release number (null: never released) */
  release: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
};

export type ConfigRecord = {
  id: string;
  key: string;
  values: Record<string, unknown>;
  department_id: string | null;
  /** the table version that last changed this record */
  version: number;
  updated_by: string;
  updated_by_name?: string;
  created_at: string;
  updated_at: string;
};

/** One requested change. `values` is the whole record for create, only the changed fields for update. */
export type ConfigChange =
  | { op: "create"; values: Record<string, unknown>; department_id?: string | null }
  | { op: "update"; key: string; values: Record<string, unknown> }
  | { op: "delete"; key: string };

export const CONFIG_VERSION_KINDS = ["create", "update", "delete", "import", "rollback", "change_set", "abort"] as const;
export type ConfigVersionKind = (typeof CONFIG_VERSION_KINDS)[number];

export type ConfigVersion = {
  version: number;
  kind: ConfigVersionKind;
  reason: string;
  operator_id: string;
  operator_name?: string;
  created_at: string;
  summary: { added: number; changed: number; removed: number };
  change_set_id: string | null;
  /** rollback/abort: the version restored */
  restored_version: number | null;
};

/** The field-by-field difference of one record between two states. Secret fields show as "••••••". */
export type ConfigDiffEntry = {
  key: string;
  op: "added" | "changed" | "removed";
  fields: Array<{
    field: string;
    label: string;
    before: unknown;
    after: unknown;
    /** text, textarea, code, richtext, json: a line diff (jsdiff) of before → after */
    lines?: Array<{ op: "add" | "del" | "same"; text: string }>;
    /** json: the changed leaves by path (`/rollout/percent`, `/regions/2`), from a walk over both parsed values */
    json?: Array<{ path: string; op: "add" | "del" | "change"; before?: unknown; after?: unknown }>;
  }>;
};

export const CHANGE_SET_STATUSES = ["pending", "approved", "rejected", "withdrawn", "scheduled", "released", "failed"] as const;
/** pending 待审批 · approved 已批准（待发布）· rejected 已拒绝 · withdrawn 已撤回 · scheduled 定时发布 · released 已发布 · failed 发布失败 */
export type ChangeSetStatus = (typeof CHANGE_SET_STATUSES)[number];

/** Who gets a gray release: a share of consumers (stable by consumer name), named consumers, consumers with a label. */
export type GraySpec = { percent?: number; consumers?: string[]; labels?: string[] };

export type ConfigChangeSet = {
  id: string;
  table: string;
  status: ChangeSetStatus;
  changes: ConfigChange[];
  /** the changes against the state when the set was made (what the approver reads) */
  diff: ConfigDiffEntry[];
  reason: string;
  author_id: string;
  author_name?: string;
  approval_id: string | null;
  /** release when approved at this instant (null: at once) */
  release_at: string | null;
  gray: GraySpec | null;
  /** published without review by someone holding config:emergency */
  emergency: boolean;
  /** the version it became and the release that carried it */
  version: number | null;
  release: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
};

export const RELEASE_STATUSES = ["gray", "full", "aborted", "superseded"] as const;
/** gray 灰度中 · full 全量 · aborted 已终止 · superseded 已被后续发布取代 */
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

export type ConfigRelease = {
  number: number;
  table: string;
  version: number;
  status: ReleaseStatus;
  gray: GraySpec | null;
  change_set_id: string | null;
  /** auto: a table without approval released a direct write; rollback: a rollback's release */
  kind: "change_set" | "auto" | "manual" | "rollback" | "emergency";
  note: string;
  released_by: string;
  released_by_name?: string;
  created_at: string;
  /** promoted to full / aborted */
  ended_at: string | null;
  /** GET …/releases/{n} only: how many known consumers read this release when last seen */
  consumers?: number;
};

/** What a consumer reads: `GET /api/v1/config/{table}/published` (ETag `"<table>:<release>:<version>"`). */
export type ConfigPublished = {
  table: string;
  release: number;
  version: number;
  /** true when this consumer got a gray release */
  gray: boolean;
  records: Array<{ key: string; values: Record<string, unknown> }>;
};

/** A consumer seen on the published endpoint (the PWA shows who runs which release). */
export type ConfigConsumer = {
  name: string;
  labels: string[];
  table: string;
  release: number;
  version: number;
  address: string;
  token_id: string | null;
  last_seen_at: string;
};

/**
 * API tokens (consumers and third parties): `Authorization: Bearer opst_<secret>`. Read-only: GET routes whose
 * permission is in `scopes` (e.g. "config:view", "jobs:view", "reports:view"); `config:read:<table>` or
 * `config:read:*` for the published endpoint. Shown once at creation; stored hashed.
 */
export type ApiToken = {
  id: string;
  name: string;
  scopes: string[];
  /** the consumer labels a config gray release can target */
  labels: string[];
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_by: string;
  created_at: string;
};

/**
 * One changed field as chat shows it (the approval form's `changes` rows, the config-diff card): strings, a
 * value cut at `CONFIG_DIFF_VALUE_MAX` characters. `before` null: the record was added; `after` null: removed.
 */
export type ConfigDiffRow = { record: string; field: string; before: string | null; after: string | null };

/** Characters of one value kept in a diff row (the approval form, notices); the card cuts shorter (~80) and links the rest. */
export const CONFIG_DIFF_VALUE_MAX = 200;

const diffValue = (v: unknown): string =>
  v === null || v === undefined ? "" : typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
const cutValue = (s: string, max: number) => (Array.from(s).length > max ? `${Array.from(s).slice(0, max - 1).join("")}…` : s);

/** Field-by-field rows of a diff (field labels, secrets already masked by the API), each value cut at `max`. Pure. */
export function configDiffRows(entries: ConfigDiffEntry[], max = CONFIG_DIFF_VALUE_MAX): ConfigDiffRow[] {
  return entries.flatMap((e) =>
    e.fields.map((f) => ({
      record: e.key, field: f.label || f.field,
      before: e.op === "added" ? null : cutValue(diffValue(f.before), max),
      after: e.op === "removed" ? null : cutValue(diffValue(f.after), max),
    })),
  );
}

export const CONFIG_NOTICE_TYPES = ["config.released", "config.rolled_back", "config.change_requested", "config.change_decided"] as const;
export type ConfigNoticeType = (typeof CONFIG_NOTICE_TYPES)[number];

/** Rows a notice carries at most (the card shows ~10 and "… and N more", counted from `summary`). */
export const CONFIG_NOTICE_ROWS_MAX = 20;

/**
 * The `data` of a config notice (notify `send({type: ConfigNoticeType, recipients, data})`). `card: "config-diff"`
 * makes the IM channel send it as the config-diff card in the state named by `type` (+ `decision`); `title`/`body`
 * (the reader's language) serve the inbox and e-mail; `url` is the PWA page the card links to:
 * released/rolled_back `/config/<table>/history?from=&to=` (or `/config/<table>/history`), change sets `/config/change-sets/<id>`.
 */
export type ConfigNoticeData = {
  card: "config-diff";
  title: string;
  body: string;
  url: string;
  table: string;
  table_name: string;
  /** who released, rolled back, asked for or decided the change (display name) */
  actor_name: string;
  at: string;
  reason?: string;
  /** config.released: the release number; config.rolled_back: the release carrying the restore, when one was made */
  release?: number | null;
  /** config.released: a gray release (else full) */
  gray?: GraySpec | null;
  /** the version before and after (released: the previous release's version → the released one; rolled_back: the newest before → the new version) */
  from_version?: number | null;
  to_version?: number | null;
  /** config.rolled_back: the version whose state was restored */
  restored_version?: number | null;
  change_set_id?: string | null;
  /** config.change_decided: how it ended (approved includes "released" later; failed: it no longer applied) */
  decision?: "approved" | "rejected" | "withdrawn" | "failed";
  /** counts over the whole diff */
  summary: { added: number; changed: number; removed: number };
  /** the first CONFIG_NOTICE_ROWS_MAX rows of the diff (configDiffRows) */
  rows: ConfigDiffRow[];
  /** rows in the whole diff (configDiffRows(diff).length), when `rows` is only the first of them */
  rows_total?: number;
};
