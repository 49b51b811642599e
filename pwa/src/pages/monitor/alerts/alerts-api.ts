import type {
  Alert, AlertEvent, AlertLevel, AlertRecipients, AlertRule, AlertSilence, AlertStatus, ChatTarget, ConditionOp, MetricInfo, MetricUnit, SecurityDetector, SeriesAgg,
} from "@ops/shared/contracts/monitor.ts";
import { api, type Query } from "../../../data/client.ts";
import type { Page } from "../../../data/types.ts";

export type { Alert, AlertEvent, AlertLevel, AlertRecipients, AlertRule, AlertSilence, AlertStatus, ChatTarget, ConditionOp, MetricInfo, MetricUnit, SecurityDetector, SeriesAgg };
export { ALERT_LEVELS, ALERT_STATUSES, CONDITION_OPS, SECURITY_DETECTORS, SERIES_AGGS } from "@ops/shared/contracts/monitor.ts";

/** The fields a rule is written with (the server fills id, builtin, created_*, updated_at). */
export type RuleInput = Omit<AlertRule, "id" | "builtin" | "created_by" | "created_at" | "updated_at">;
export type SilenceInput = { rule_id: string | null; matchers: Record<string, string>; ends_at: string; reason: string };
export type SilenceDuration = "1h" | "4h" | "24h";
/** One group's current value as `POST /alert-rules/{id}/test` reports it (evaluated now, nothing sent). */
export type RuleTestGroup = { labels: Record<string, string>; value: number | null; firing?: boolean; matches?: boolean };
export type RuleTestResult = { groups: RuleTestGroup[] } | RuleTestGroup[];

/** A stored rule as a full PUT body (the toggle and the editor both send every field). */
export function inputOf(r: AlertRule): RuleInput {
  const { id: _id, builtin: _b, created_by: _c, created_at: _ca, updated_at: _u, ...input } = r;
  return input;
}

/** A list answer as an array whether the route pages it or not. */
const items = <T,>(r: T[] | Page<T> | { items: T[] }): T[] => (Array.isArray(r) ? r : r.items);
const enc = encodeURIComponent;

/** 告警, 告警规则, 静默 and the metric catalog the rule editor picks from. */
export const alertsApi = {
  list: (q: Query = {}) => api.get<Page<Alert>>("/alerts", q),
  get: (id: string) => api.get<Alert>(`/alerts/${enc(id)}`),
  ack: (id: string) => api.post<Alert>(`/alerts/${enc(id)}/ack`, {}),
  resolve: (id: string, note?: string) => api.post<Alert>(`/alerts/${enc(id)}/resolve`, note ? { note } : {}),
  silence: (id: string, duration: SilenceDuration, reason?: string) => api.post<Alert>(`/alerts/${enc(id)}/silence`, { duration, ...(reason ? { reason } : {}) }),
};

export const rulesApi = {
  list: () => api.get<AlertRule[] | Page<AlertRule>>("/alert-rules", { page_size: 200 }).then(items),
  get: (id: string) => api.get<AlertRule>(`/alert-rules/${enc(id)}`),
  create: (body: RuleInput) => api.post<AlertRule>("/alert-rules", body),
  update: (id: string, body: Partial<RuleInput>) => api.put<AlertRule>(`/alert-rules/${enc(id)}`, body),
  remove: (id: string) => api.del<unknown>(`/alert-rules/${enc(id)}`),
  test: (id: string) => api.post<RuleTestResult>(`/alert-rules/${enc(id)}/test`, {}).then((r) => (Array.isArray(r) ? r : r.groups ?? [])),
};

export const silencesApi = {
  list: (q: Query = {}) => api.get<AlertSilence[] | Page<AlertSilence>>("/alert-silences", { page_size: 200, ...q }).then(items),
  create: (body: SilenceInput) => api.post<AlertSilence>("/alert-silences", body),
  expire: (id: string) => api.del<unknown>(`/alert-silences/${enc(id)}`),
};

export const metricsApi = {
  catalog: () => api.get<MetricInfo[] | Page<MetricInfo> | { items: MetricInfo[] }>("/monitor/metrics").then(items),
};
