import type { Migration } from "../migrate.ts";
import { m001Iam } from "./001-iam.ts";
import { m002Audit } from "./002-audit.ts";
import { m003Auth } from "./003-auth.ts";
import { m004Directory } from "./004-directory.ts";
import { m005Sso } from "./005-sso.ts";
import { m006Queue } from "./006-queue.ts";
import { m007Notify } from "./007-notify.ts";
import { m008ImMessages } from "./008-im-messages.ts";
import { m009AuditChain } from "./009-audit-chain.ts";
import { m010WebNotify } from "./010-web-notify.ts";
import { m011IamCache } from "./011-iam-cache.ts";
import { m012ChatHardening } from "./012-chat-hardening.ts";
import { m014BuiltinNames } from "./014-builtin-names.ts";
import { m015HelpPages } from "./015-help-pages.ts";
import { m016Feedback } from "./016-feedback.ts";
import { m017Jobs } from "./017-jobs.ts";
import { m018JobAlerts } from "./018-job-alerts.ts";
import { m021UsersCacheVersion } from "./021-users-cache-version.ts";
import { m019Flows } from "./019-flows.ts";
import { m023Approvals } from "./023-approvals.ts";
import { m025JobShards } from "./025-job-shards.ts";
import { m024Tickets } from "./024-tickets.ts";
import { m022FlowRetries } from "./022-flow-retries.ts";
import { m026FlowAlerts } from "./026-flow-alerts.ts";
import { m027FlowSchedules } from "./027-flow-schedules.ts";
import { m028Webhooks } from "./028-webhooks.ts";
import { m029ApprovalDelegationsTimeouts } from "./029-approval-delegations-timeouts.ts";
import { m030ApprovalHooksGates } from "./030-approval-hooks-gates.ts";
import { m032CardFlags } from "./032-card-flags.ts";
import { m033ApprovalSubprocess } from "./033-approval-subprocess.ts";
import { m034Config } from "./034-config.ts";
import { m035ConfigRelease } from "./035-config-release.ts";
import { m037ApprovalEscalationGates } from "./037-approval-escalation-gates.ts";
import { m036ApiTokensConsumers } from "./036-api-tokens-consumers.ts";
import { m044ImEntityCards } from "./044-im-entity-cards.ts";
import { m038ReportDatasources } from "./038-report-datasources.ts";
import { m040ReportDatasets } from "./040-report-datasets.ts";
import { m042ReportExportsSubscriptions } from "./042-report-exports-subscriptions.ts";
import { m041Reports } from "./041-reports.ts";
import { m043ConfigSystemSettings } from "./043-config-system-settings.ts";
import { m050NotifyRobots } from "./050-notify-robots.ts";
import { m052SmsCodes } from "./052-sms-codes.ts";
import { m053DirectorySync } from "./053-directory-sync.ts";
import { m054RateLimits } from "./054-rate-limits.ts";
import { m055MonitorNodeReadiness } from "./055-monitor-node-readiness.ts";
import { m056ImCardOrder } from "./056-im-card-order.ts";
import { m057MonitorNodeConnections } from "./057-monitor-node-connections.ts";
import { m058SessionsCacheVersion } from "./058-sessions-cache-version.ts";
import { m059NotifyStrandedIndexes } from "./059-notify-stranded-indexes.ts";
import { m048SlowQueriesSensitiveWords } from "./048-slow-queries-sensitive-words.ts";
import { m045MonitorSeries } from "./045-monitor-series.ts";
import { m046Alerts } from "./046-alerts.ts";
import { m047MonitorNodesSecurity } from "./047-monitor-nodes-security.ts";
import { m049UserDirectoryLinks } from "./049-user-directory-links.ts";

export const migrations: Migration[] = [
  m001Iam, m002Audit, m003Auth, m004Directory, m005Sso, m006Queue, m007Notify, m008ImMessages,
  m009AuditChain, m010WebNotify, m011IamCache, m012ChatHardening, m014BuiltinNames, m015HelpPages, m016Feedback, m017Jobs, m018JobAlerts, m019Flows,
  m021UsersCacheVersion, m022FlowRetries, m023Approvals,
  m024Tickets, m025JobShards, m026FlowAlerts, m027FlowSchedules, m028Webhooks, m029ApprovalDelegationsTimeouts, m030ApprovalHooksGates, m032CardFlags,
  m033ApprovalSubprocess, m034Config, m035ConfigRelease, m036ApiTokensConsumers, m037ApprovalEscalationGates, m044ImEntityCards,
  m038ReportDatasources,
  m040ReportDatasets,
  m041Reports,
  m042ReportExportsSubscriptions,
  m043ConfigSystemSettings,
  m048SlowQueriesSensitiveWords,
  m045MonitorSeries,
  m046Alerts,
  m047MonitorNodesSecurity,
  m049UserDirectoryLinks,
  m050NotifyRobots,
  m052SmsCodes,
  m053DirectorySync,
  m054RateLimits,
  m055MonitorNodeReadiness,
  m056ImCardOrder,
  m057MonitorNodeConnections,
  m058SessionsCacheVersion,
  m059NotifyStrandedIndexes,
];
