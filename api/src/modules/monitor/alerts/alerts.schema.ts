import { z } from "@hono/zod-openapi";
import { ALERT_LEVELS, ALERT_STATUSES, CONDITION_OPS, SERIES_AGGS } from "@ops/shared/contracts/monitor.ts";
import { listQuery } from "../../../http/list-query.ts";

const recipients = z.object({
  users: z.array(z.string().min(1).max(100)).max(200).default([]),
  roles: z.array(z.string().min(1).max(100)).max(50).default([]),
  chats: z.array(z.object({ platform: z.enum(["slack", "feishu", "dingtalk"]), chat_id: z.string().min(1).max(200), name: z.string().max(100).optional() })).max(50).default([]),
  /** group robots: ids of notification webhooks of kind `wecom` (GET /api/v1/notify/webhooks) */
  robots: z.array(z.string().min(1).max(64)).max(20).optional(),
});

/** Ranges (window, cooldown, escalation) are checked by the service so the 400 names the field with its own words. */
export const ruleBody = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).default(""),
  enabled: z.boolean().default(true),
  kind: z.enum(["metric", "security"]).default("metric"),
  metric: z.string().max(100).nullable().default(null),
  detector: z.string().max(100).nullable().default(null),
  filters: z.record(z.string().max(63), z.string().max(200)).default({}),
  agg: z.enum(SERIES_AGGS).default("value"),
  op: z.enum(CONDITION_OPS).default(">"),
  threshold: z.number(),
  window_s: z.number().int(),
  for_s: z.number().int().min(0).max(86_400).default(0),
  group_by: z.array(z.string().min(1).max(63)).max(10).default([]),
  level: z.enum(ALERT_LEVELS),
  recipients,
  cooldown_s: z.number().int().default(3600),
  escalation: z.object({ after_min: z.number().int(), recipients }).nullable().default(null),
  notify_recovery: z.boolean().default(true),
  runbook_url: z.string().url().max(500).nullable().default(null),
});
export type RuleInput = z.infer<typeof ruleBody>;

export const ruleListQuery = listQuery.extend({
  kind: z.enum(["metric", "security"]).optional(),
  enabled: z.enum(["true", "false"]).optional(),
});

export const alertListQuery = listQuery.extend({
  status: z.string().max(100).optional().describe("逗号分隔：firing,acknowledged,silenced,resolved；`open` 为前三者"),
  level: z.enum(ALERT_LEVELS).optional(),
  rule_id: z.string().max(100).optional(),
});
export const ALERT_STATUS_FILTER = [...ALERT_STATUSES, "open"] as const;

export const noteBody = z.object({ note: z.string().max(1000).optional() });
export const silenceAlertBody = z.object({
  duration: z.union([z.enum(["1h", "4h", "24h"]), z.number().int()]),
  reason: z.string().max(1000).optional(),
});
export const silenceBody = z.object({
  rule_id: z.string().max(100).nullable().default(null),
  matchers: z.record(z.string().min(1).max(63), z.string().max(200)).default({}),
  ends_at: z.string().datetime({ offset: true }),
  reason: z.string().trim().min(1).max(1000),
});
export const silenceListQuery = listQuery.extend({ active: z.enum(["true", "false"]).optional() });
export const idParam = z.object({ id: z.string().min(1).max(100) });
