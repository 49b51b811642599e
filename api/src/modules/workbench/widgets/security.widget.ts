import { t } from "@ops/shared";
import type { WidgetDefinition, WidgetItemInput } from "../workbench.contract.ts";
import type { AttentionSource } from "./sources.ts";

/** A password this close to its expiry gets a notice. */
export const PASSWORD_WARNING_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * 安全提醒: what the reader should fix about their own account: two-step verification off, a password
 * about to expire (or expired), sessions still open on other devices. Each notice opens the profile tab
 * that fixes it.
 */
export function securityNoticesWidget(attention: AttentionSource): WidgetDefinition {
  return {
    id: "iam.security",
    kind: "notices",
    title: "workbench.security.title",
    permission: null,
    order: 0,
    empty: { text: "workbench.security.empty" },
    async load({ actor, locale, now }) {
      const s = await attention.securityOf(actor);
      const items: WidgetItemInput[] = [];
      if (s.password_expires_at) {
        const left = new Date(s.password_expires_at).getTime() - now.getTime();
        if (left <= 0) {
          items.push({ title: t(locale, "workbench.security.password_expired"), subtitle: t(locale, "workbench.security.password_hint"), href: "/profile?tab=password", at: s.password_expires_at, tone: "danger" });
        } else if (left <= PASSWORD_WARNING_DAYS * DAY_MS) {
          const days = Math.max(1, Math.ceil(left / DAY_MS));
          items.push({ title: t(locale, "workbench.security.password_expiring", { days }), subtitle: t(locale, "workbench.security.password_hint"), href: "/profile?tab=password", at: s.password_expires_at, tone: "warning" });
        }
      }
      if (!s.mfa_enabled) {
        items.push({ title: t(locale, "workbench.security.mfa_off"), subtitle: t(locale, "workbench.security.mfa_off_hint"), href: "/profile?tab=mfa", tone: "warning" });
      }
      if (s.other_sessions > 0) {
        items.push({ title: t(locale, "workbench.security.other_sessions", { count: s.other_sessions }), subtitle: t(locale, "workbench.security.other_sessions_hint"), href: "/profile?tab=sessions", tone: "info" });
      }
      return { count: items.length, items };
    },
  };
}
