import { DEFAULT_LOCALE, LOCALES, type Locale } from "../actor.ts";
import type { Catalog } from "./catalog.ts";
import { commonMessages } from "./common.messages.ts";
import { iamMessages } from "./iam.messages.ts";
import { auditMessages } from "./audit.messages.ts";
import { iamAuthMessages } from "./iam-auth.messages.ts";
import { iamDirectoryMessages } from "./iam-directory.messages.ts";
import { iamSsoMessages } from "./iam-sso.messages.ts";
import { iamSmsMessages } from "./iam-sms.messages.ts";
import { iamSyncMessages } from "./iam-sync.messages.ts";
import { cardsMessages } from "./cards.messages.ts";
import { chatMessages } from "./chat.messages.ts";
import { notifyMessages } from "./notify.messages.ts";
import { helpMessages } from "./help.messages.ts";
import { workbenchMessages } from "./workbench.messages.ts";
import { feedbackMessages } from "./feedback.messages.ts";
import { ticketsMessages } from "./tickets.messages.ts";
import { jobsMessages } from "./jobs.messages.ts";
import { jobAlertsMessages } from "./job-alerts.messages.ts";
import { flowsMessages } from "./flows.messages.ts";
import { approvalsMessages } from "./approvals.messages.ts";
import { approvalAwayMessages } from "./approval-away.messages.ts";
import { approvalSubprocessMessages } from "./approval-subprocess.messages.ts";
import { approvalIntegrationsMessages } from "./approval-integrations.messages.ts";
import { webhooksMessages } from "./webhooks.messages.ts";
import { apiTokensMessages } from "./api-tokens.messages.ts";
import { configReleaseMessages } from "./config-release.messages.ts";
import { configSystemMessages } from "./config-system.messages.ts";
import { configMessages } from "./config.messages.ts";
import { reportsMessages } from "./reports.messages.ts";
import { reportsDatasetsMessages } from "./reports-datasets.messages.ts";
import { reportsSourcesMessages } from "./reports-sources.messages.ts";
import { reportsChatMessages } from "./reports-chat.messages.ts";
import { reportsUploadsMessages } from "./reports-uploads.messages.ts";
import { reportsDefsMessages } from "./reports-defs.messages.ts";
import { reportsDeliveryMessages } from "./reports-delivery.messages.ts";
import { monitorSlowMessages } from "./monitor-slow.messages.ts";
import { notifyContentMessages } from "./notify-content.messages.ts";
import { monitorNodesMessages } from "./monitor-nodes.messages.ts";
import { monitorAlertsMessages } from "./monitor-alerts.messages.ts";
import { monitorMetricsMessages } from "./monitor-metrics.messages.ts";

export type { Catalog } from "./catalog.ts";

const catalogs: Catalog[] = [commonMessages, iamMessages, auditMessages, iamAuthMessages, iamDirectoryMessages, iamSsoMessages, iamSmsMessages, iamSyncMessages, cardsMessages, chatMessages, notifyMessages, feedbackMessages, workbenchMessages, helpMessages, jobsMessages, jobAlertsMessages, flowsMessages, approvalsMessages, approvalAwayMessages, approvalSubprocessMessages, approvalIntegrationsMessages, ticketsMessages, webhooksMessages, apiTokensMessages, configReleaseMessages, configSystemMessages, configMessages, reportsMessages, reportsSourcesMessages, reportsChatMessages, reportsUploadsMessages, reportsDefsMessages, reportsDatasetsMessages, reportsDeliveryMessages, monitorNodesMessages, monitorAlertsMessages, monitorSlowMessages, notifyContentMessages, monitorMetricsMessages];

const merged: Record<Locale, Record<string, string>> = { "zh-CN": {}, en: {} };
for (const c of catalogs) for (const l of LOCALES) Object.assign(merged[l], c[l]);

/** Translate a message key; `${name}` placeholders are filled from params. Unknown keys fall back to the key. */
export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = merged[locale]?.[key] ?? merged[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\$\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}

export function hasMessage(key: string): boolean {
  return key in merged[DEFAULT_LOCALE];
}

/** Keys present in one language but missing in another: used by a test that keeps en complete. */
export function missingTranslations(): string[] {
  const missing: string[] = [];
  for (const l of LOCALES)
    for (const other of LOCALES)
      for (const k of Object.keys(merged[l])) if (!(k in merged[other])) missing.push(`${other}:${k}`);
  return missing;
}

/**
 * Keys two catalogues both define with different words: the later one would silently reword the earlier one's
 * message everywhere (an API token's "invalid" once replaced every expired sign-in's). Used by a test.
 */
export function conflictingKeys(): string[] {
  const seen: Record<Locale, Record<string, string>> = { "zh-CN": {}, en: {} };
  const conflicts: string[] = [];
  for (const c of catalogs)
    for (const l of LOCALES)
      for (const [k, v] of Object.entries(c[l] ?? {})) {
        if (k in seen[l] && seen[l][k] !== v) conflicts.push(`${l}:${k}`);
        seen[l][k] = v;
      }
  return conflicts;
}

/** Pick a supported locale from an Accept-Language header or a stored preference. */
export function pickLocale(value: string | null | undefined): Locale {
  if (!value) return DEFAULT_LOCALE;
  const lower = value.toLowerCase();
  for (const part of lower.split(",")) {
    const tag = part.split(";")[0]!.trim();
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return DEFAULT_LOCALE;
}
