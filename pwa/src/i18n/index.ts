import type { Catalog } from "@ops/shared/i18n/catalog.ts";
import type { Locale } from "@ops/shared/actor.ts";
import { commonText } from "./common.text.ts";
import { loginText } from "./login.text.ts";
import { profileText } from "./profile.text.ts";
import { usersText } from "./users.text.ts";
import { departmentsText } from "./departments.text.ts";
import { rolesText } from "./roles.text.ts";
import { auditText } from "./audit.text.ts";
import { adminText } from "./admin.text.ts";
import { notificationsText } from "./notifications.text.ts";
import { bindingsText } from "./bindings.text.ts";
import { chatText } from "./chat.text.ts";
import { helpText } from "./help.text.ts";
import { feedbackText } from "./feedback.text.ts";
import { homeText } from "./home.text.ts";
import { jobsText } from "./jobs.text.ts";
import { jobAlertsText } from "./job-alerts.text.ts";
import { flowsText } from "./flows.text.ts";
import { ticketsText } from "./tickets.text.ts";
import { approvalDesignerText } from "./approval-designer.text.ts";
import { approvalFormDesignerText } from "./approval-form-designer.text.ts";
import { approvalsText } from "./approvals.text.ts";
import { webhooksText } from "./webhooks.text.ts";
import { approvalDelegationText } from "./approval-delegation.text.ts";
import { configText } from "./config.text.ts";
import { configFlowText } from "./config-flow.text.ts";
import { apiTokensText } from "./api-tokens.text.ts";
import { reportsText } from "./reports.text.ts";
import { monitorText } from "./monitor.text.ts";
import { imSigninText } from "./im-signin.text.ts";
import { smsText } from "./sms.text.ts";
import { directorySyncText } from "./directory-sync.text.ts";

/** The PWA's own UI text (API messages arrive translated already). zh-CN is the default; en is complete. */
export const UI_CATALOGS: Catalog[] = [commonText, loginText, profileText, usersText, departmentsText, rolesText, auditText, adminText, notificationsText, bindingsText, chatText, homeText, feedbackText, helpText, jobsText, jobAlertsText, flowsText, ticketsText, approvalsText, approvalDesignerText, approvalFormDesignerText, webhooksText, approvalDelegationText, configFlowText, apiTokensText, configText, reportsText, monitorText, imSigninText, smsText, directorySyncText];

const merged: Record<Locale, Record<string, string>> = { "zh-CN": {}, en: {} };
for (const c of UI_CATALOGS) for (const l of Object.keys(merged) as Locale[]) Object.assign(merged[l], c[l]);

export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = merged[locale][key] ?? merged["zh-CN"][key] ?? key;
  return template.replace(/\$\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}

/** Catalogs of an area loaded on demand: its chunk registers them as it loads, so the shell does not carry them. */
export function registerUiCatalogs(...catalogs: Catalog[]): void {
  for (const c of catalogs) for (const l of Object.keys(merged) as Locale[]) Object.assign(merged[l], c[l]);
}

/** Keys present in one language but not the other (a test keeps this empty). */
export function missingUiTranslations(): string[] {
  const out: string[] = [];
  for (const [a, b] of [["zh-CN", "en"], ["en", "zh-CN"]] as const)
    for (const k of Object.keys(merged[a])) if (!(k in merged[b])) out.push(`${b}:${k}`);
  return out;
}
