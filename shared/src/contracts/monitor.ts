/**
 * Monitoring and alerting (issue 13): the words the API, the bot, the cards and the PWA share. Pure: no I/O.
 *
 * Model (Grafana alerting / Alertmanager-like, acknowledged from chat):
 * - metrics: every module registers counters, gauges and histograms through the metrics port; each process samples
 *   its own ("node" metrics: HTTP per route, CPU/RSS, queues it consumes) and one process the shared ones ("cluster"
 *   metrics computed from the store: job success rate, approval handling time, delivery rates, online users); the
 *   samples are kept as series (1-minute points for 7 days, 1-hour points for 90 days) and shown on `/metrics`;
 * - an alert rule watches one metric (a threshold over a window) or one security detector; when it fires it opens an
 *   alert per group (its `group_by` labels), which is one incident: one card per recipient, updated in place on every
 *   change, escalated while nobody acknowledges it, closed with a recovery notice;
 * - a silence mutes matching alerts until its end time (a card's "Silence 1h" makes one for that alert's rule+group);
 * - nodes are the platform's own processes reporting every few seconds; one silent for 30 s is marked `silent`;
 * - slow queries are report and SQL-job statements slower than a threshold.
 */

/** P0 is the most urgent (wake people up), P3 the least (a note in the channel). */
export const ALERT_LEVELS = ["P0", "P1", "P2", "P3"] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const ALERT_STATUSES = ["firing", "acknowledged", "silenced", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Metric names: lower-case dotted words (`api.error_rate`, `jobs.failure_rate`, `process.rss_bytes`). */
export const METRIC_NAME_PATTERN = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/;

export const METRIC_KINDS = ["counter", "gauge", "histogram", "ratio"] as const;
/**
 * counter: a per-interval increase (points hold the increase in that minute/hour);
 * gauge: a level (points hold the mean, with min and max);
 * histogram: durations (points hold p50/p95/p99 and the count);
 * ratio: numerator / denominator (points hold both; a window's value is sum(num) / sum(den), never a mean of ratios).
 */
export type MetricKind = (typeof METRIC_KINDS)[number];

/** Where a metric is sampled: in every process (its own value, labelled with `node`) or once for the cluster. */
export type MetricScope = "node" | "cluster";

export const METRIC_UNITS = ["count", "percent", "ratio", "seconds", "ms", "bytes", "per_second", "users"] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** One metric as the catalog (`GET /api/v1/monitor/metrics`) lists it; labels and titles in the caller's language. */
export type MetricInfo = {
  name: string;
  kind: MetricKind;
  scope: MetricScope;
  unit: MetricUnit;
  /** label names the series are split by (`route`, `platform`, `channel`, `queue`, `node`, …) */
  labels: string[];
  title: string;
  help: string;
  /** the module that registered it (`http`, `jobs`, `approvals`, `reports`, `notify`, `iam`, `queue`, `process`, `store`) */
  module: string;
};

/** Aggregations over a window or a point; `p50`/`p95`/`p99` only for histograms, `value` is the kind's natural one. */
export const SERIES_AGGS = ["value", "avg", "min", "max", "sum", "last", "p50", "p95", "p99", "count"] as const;
export type SeriesAgg = (typeof SERIES_AGGS)[number];

/** `GET /api/v1/monitor/series?metric=&from=&to=&step=&agg=&<label>=…`: one line per label set. */
export type SeriesPoint = { t: string; v: number | null };
export type Series = { metric: string; labels: Record<string, string>; points: SeriesPoint[] };
export type SeriesAnswer = {
  metric: MetricInfo;
  /** the resolution served: 60 (1-minute points) or 3600 (1-hour points), chosen from the range unless asked */
  step_s: number;
  from: string;
  to: string;
  series: Series[];
};

/** One overview card: a metric's current value, its trend over the last hour, and where it drills to. */
export type OverviewCard = {
  id: string;
  title: string;
  metric: string;
  unit: MetricUnit;
  value: number | null;
  /** the last hour, 1-minute points, for a sparkline */
  spark: Array<number | null>;
  tone: "ok" | "warning" | "danger" | "unknown";
  /** query string for the series page (`metric=api.error_rate&agg=value`) */
  drill: string;
};

export type MonitorOverview = {
  cards: OverviewCard[];
  alerts: { firing: number; acknowledged: number; silenced: number; by_level: Record<AlertLevel, number> };
  nodes: { up: number; silent: number; draining: number };
  generated_at: string;
};

/** A chat group an alert is posted to (Slack channel id, Feishu chat_id, DingTalk openConversationId). */
export type ChatTarget = { platform: "slack" | "feishu" | "dingtalk"; chat_id: string; name?: string };

/**
 * Who hears of an alert: users (ids), every holder of a role (ids), chat groups, and group robots (ids of notification
 * webhooks of kind `wecom`: `GET /api/v1/notify/webhooks`), which get the alert as a markdown message.
 */
export type AlertRecipients = { users: string[]; roles: string[]; chats: ChatTarget[]; robots?: string[] };

export const CONDITION_OPS = [">", ">=", "<", "<=", "==", "!="] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export const SECURITY_DETECTORS = [
  "login.many_addresses", // one account signs in from more than `threshold` distinct addresses within the window
  "login.failures_per_account", // failed sign-ins of one account within the window
  "login.failures_per_address", // failed sign-ins from one address within the window
  "mfa.disabled", // a user turned MFA off (or an admin reset it)
  "role.admin_granted", // a role holding every permission (super admin) was granted to someone
  "audit.verify_failed", // the audit chain check found a bad row
] as const;
export type SecurityDetector = (typeof SECURITY_DETECTORS)[number];

/**
 * A rule. `kind: "metric"`: `metric` aggregated by `agg` over `window_s` compared by `op` with `threshold`, for each
 * label set of `group_by` (one alert per group). `kind: "security"`: `detector` with `threshold` events in `window_s`
 * (event detectors like mfa.disabled fire on each event, grouped by user).
 */
export type AlertRule = {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  kind: "metric" | "security";
  metric: string | null;
  detector: SecurityDetector | null;
  /** only series with these label values count (`{route: "/api/v1/jobs"}`) */
  filters: Record<string, string>;
  agg: SeriesAgg;
  op: ConditionOp;
  threshold: number;
  window_s: number;
  /** the condition must hold this long before the alert fires (0: at once) */
  for_s: number;
  group_by: string[];
  level: AlertLevel;
  recipients: AlertRecipients;
  /** while an alert stays open, its card is re-sent no more often than this (Alertmanager's repeat interval) */
  cooldown_s: number;
  /** unacknowledged for `after_min` minutes: these hear of it too, and the level rises one step (never above P0) */
  escalation: { after_min: number; recipients: AlertRecipients } | null;
  /** send a recovery notice when the condition clears */
  notify_recovery: boolean;
  runbook_url: string | null;
  /** built-in rules (the security detectors) cannot be deleted, only edited or disabled */
  builtin: boolean;
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

export type AlertEvent = {
  at: string;
  kind: "fired" | "notified" | "escalated" | "acknowledged" | "silenced" | "unsilenced" | "resolved" | "recovered" | "repeated";
  /** user id or null for the system */
  actor: string | null;
  actor_name: string | null;
  note: string | null;
  /** how it reached people: `chat`, `web`, `api`, `system` */
  via: string | null;
};

/** One incident: a rule's group while it fires; updated in place until resolved. */
export type Alert = {
  id: string;
  rule_id: string;
  rule_name: string;
  kind: "metric" | "security";
  /** rule id + the group's label values: one open alert per fingerprint */
  fingerprint: string;
  labels: Record<string, string>;
  level: AlertLevel;
  status: AlertStatus;
  title: string;
  summary: string;
  /** the value that fired it and the latest one */
  value: number | null;
  last_value: number | null;
  threshold: number | null;
  /** grouped occurrences (security events, evaluations that kept firing) */
  occurrences: number;
  fired_at: string;
  last_seen_at: string;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  acknowledged_at: string | null;
  silenced_until: string | null;
  resolved_at: string | null;
  /** null: recovered on its own */
  resolved_by: string | null;
  escalation_step: number;
  escalated_at: string | null;
  runbook_url: string | null;
  events?: AlertEvent[];
};

/** Mutes alerts whose rule (null: any) and labels match, until `ends_at`. */
export type AlertSilence = {
  id: string;
  rule_id: string | null;
  matchers: Record<string, string>;
  starts_at: string;
  ends_at: string;
  reason: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  /** active now (between starts_at and ends_at and not expired early) */
  active: boolean;
};

export const NODE_ROLES = ["web", "worker", "scheduler", "bot"] as const;
export type NodeRole = (typeof NODE_ROLES)[number];
export const NODE_STATUSES = ["up", "silent", "draining", "drained", "stopped"] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** Seconds without a report after which a node is `silent`. */
export const NODE_SILENT_AFTER_S = 30;

export type NodeQueue = { queue: string; waiting: number; active: number; delayed: number; dead: number; lag_ms: number | null };

/** One OPS process as it last reported (every 10 s). */
export type NodeInfo = {
  id: string;
  roles: NodeRole[];
  version: string;
  host: string;
  pid: number;
  started_at: string;
  last_seen_at: string;
  uptime_s: number;
  cpu_pct: number | null;
  rss_bytes: number | null;
  queues: NodeQueue[];
  status: NodeStatus;
  drain_requested_at: string | null;
  drain_requested_by: string | null;
  /** jobs it is still working on while draining */
  in_flight: number;
  /** its `/readyz` at its last report (false while draining or shutting down); null: a release that did not report it */
  ready: boolean | null;
  /** the readiness checks that failed at its last report (store, bus, queue, consumers, scheduler, started…) */
  not_ready: string[];
  /**
   * its connections at its last report, which do not fail readiness (each chat platform's client on the bot role:
   * `chat:slack`…; `up: false` while it reconnects); empty for other roles and releases that did not report them
   */
  connections: NodeConnection[];
};

/** One connection a node keeps (a chat platform's client) and whether it was up at the node's last report. */
export type NodeConnection = { name: string; up: boolean };

export const SLOW_QUERY_SOURCES = ["report", "dataset", "export", "job"] as const;
export type SlowQuerySource = (typeof SLOW_QUERY_SOURCES)[number];

export type SlowQuery = {
  id: string;
  source: SlowQuerySource;
  /** the report, dataset, export or job run it ran for */
  ref_id: string | null;
  ref_name: string | null;
  datasource_id: string | null;
  datasource_name: string | null;
  user_id: string | null;
  username: string | null;
  /** the statement (parameters bound separately, never their values), at most 4,000 characters */
  sql: string;
  /** the statement with literals and placeholders normalised: identical shapes share it */
  fingerprint: string;
  duration_ms: number;
  rows: number | null;
  error: string | null;
  at: string;
};

/** `GET /api/v1/monitor/slow-queries/summary`: per fingerprint. */
export type SlowQueryGroup = {
  fingerprint: string;
  sample_sql: string;
  count: number;
  avg_ms: number;
  max_ms: number;
  p95_ms: number;
  total_ms: number;
  last_at: string;
  sources: SlowQuerySource[];
  datasources: string[];
};

/** The notification content filter (seed 001 §2.7): `block` refuses the send, `mask` replaces each word with ***. */
export type SensitiveWords = { mode: "block" | "mask"; words: string[]; updated_at: string | null; updated_by: string | null };

/**
 * What an alert card shows (`{kind: "alert", data}` in IM jobs and card refreshes; cards' alertCard renders it).
 * Buttons by status: firing → Acknowledge (`alert.ack`), Resolve (`alert.resolve`), Silence 1h (`alert.silence`
 * with `duration: "1h"`); acknowledged → Resolve, Silence 1h; silenced → Resolve; resolved → none. Every button's
 * value carries `{id: alertId}`; the bot calls POST /api/v1/alerts/{id}/ack|resolve|silence as the clicker.
 */
export type AlertCardData = {
  alertId: string;
  title: string;
  level: AlertLevel;
  status: AlertStatus;
  /** the rule's name */
  source: string;
  firedAt: string;
  resolvedAt?: string | null;
  /** the value that fired it, formatted with its unit ("12.5 %"), and the threshold ("> 5 %") */
  value?: string | null;
  condition?: string | null;
  labels?: Record<string, string>;
  /** markdown: the rule's description and what the alert is about */
  description?: string | null;
  acknowledgedBy?: string | null;
  silencedUntil?: string | null;
  occurrences?: number;
  /** 0: not escalated; n: escalated n times */
  escalationStep?: number;
  /** a recovery notice (resolved on its own) rather than a status change */
  recovered?: boolean;
  runbookUrl?: string | null;
  /** in-app path, default /monitor/alerts/{alertId} */
  link?: string;
  timeZone?: string;
};
