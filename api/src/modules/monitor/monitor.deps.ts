import type { Actor } from "@ops/shared";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import type { Logger } from "../../platform/logger.ts";
import type { QueueDriver } from "../../platform/queue/index.ts";
import type { AuditSink } from "../audit/index.ts";
import type { Registry } from "prom-client";
import type { ReadinessReport } from "../../lifecycle/readiness.ts";

/** What the monitor module needs from the rest of the system (wired in api/src/system.ts). */
export type MonitorDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  queue: QueueDriver;
  audit?: AuditSink;
  /** the process's Prometheus registry (`/metrics`): registered metrics are shown there too */
  registry: Registry;
  /** this process: its roles (OPS_ROLES), version and a stable id for this run */
  node: { id: string; roles: string[]; version: string; host: string; pid: number; startedAt: Date };
  /** this process's `/readyz` answer, reported with each heartbeat (the nodes page shows it) */
  readiness?: () => Promise<ReadinessReport>;
  /** queues this process consumes (depth and lag on the nodes page) */
  queues?: () => string[];
  /** notify's send (users) and its IM cards (chat groups, in-place updates) */
  sender: MonitorSender;
  cards: MonitorCards;
  /** users holding a role (alert recipients by role) and a user's Actor (card actions as the clicker) */
  usersOfRole(roleId: string): Promise<string[]>;
  userActor(idOrUsername: string): Promise<Actor | null>;
  /** the audit chain check, for the audit.verify_failed detector (scheduler role, hourly) */
  verifyAudit?: () => Promise<{ ok: boolean; checked: number; first_bad: unknown }>;
  publicUrl?: string;
  options?: Partial<MonitorOptions>;
};

export type MonitorOptions = {
  /** sampling interval of the series (1-minute points) */
  sampleMs: number;
  /** node reports */
  heartbeatMs: number;
  /** rule evaluation pass (scheduler role) */
  evaluateMs: number;
  /** retention of 1-minute and 1-hour points */
  minuteKeepDays: number;
  hourKeepDays: number;
  /** statements slower than this are kept in the slow query log (OPS_SLOW_QUERY_MS) */
  slowQueryMs: number;
  slowQueryKeepDays: number;
};

export const MONITOR_DEFAULTS: MonitorOptions = {
  sampleMs: 60_000,
  heartbeatMs: 10_000,
  evaluateMs: 30_000,
  minuteKeepDays: 7,
  hourKeepDays: 90,
  slowQueryMs: 1_000,
  slowQueryKeepDays: 30,
};

export type MonitorSender = {
  send(input: {
    type: string; recipients: string[]; data: Record<string, unknown>; critical?: boolean; channels?: Array<"im" | "email" | "push" | "sms">;
    /** group robots (notification webhook ids) that get this notice too */
    webhooks?: string[];
  }): Promise<{ event_id: string }>;
};

/** notify.imCards: a card is refreshed in place on every copy (entity "alert", id). */
export type MonitorCards = {
  refresh(entityType: string, entityId: string, card: { kind: string; data: Record<string, unknown> }): Promise<number>;
  /** a card to a chat group (alert recipients' `chats`), recorded against `entity` so `refresh` updates it too */
  postToChat(
    input: { platform: "slack" | "feishu" | "dingtalk"; chatId: string; locale: string; card: { kind: string; data: Record<string, unknown> }; entity: { type: string; id: string } | null },
    key: string,
  ): Promise<void>;
};

export const MONITOR_VIEW = "monitor:view";
export const MONITOR_ACK = "monitor:ack";
export const MONITOR_MANAGE = "monitor:manage";
