import { t, type Locale } from "@ops/shared";
import type { WidgetLink } from "@ops/shared/contracts/workbench.ts";
import type { WidgetLinkInput, WidgetText } from "./workbench.contract.ts";

/** A widget text in the caller's language: inline pairs pick their language, keys go through the shared catalogue. */
export function widgetText(locale: Locale, text: WidgetText): string {
  return typeof text === "string" ? t(locale, text) : text[locale] ?? text["zh-CN"];
}

/**
 * Only paths inside the app are links: one leading "/", no scheme, no "//host" and no backslash
 * (browsers read "/\\host" as another origin). Anything else is dropped rather than sent.
 */
export function inAppHref(href: string | null | undefined): string | null {
  if (!href || !href.startsWith("/") || href.startsWith("//") || href.includes("\\")) return null;
  return href.length <= 500 ? href : null;
}

export function widgetLink(locale: Locale, link: WidgetLinkInput | null | undefined): WidgetLink | null {
  const href = inAppHref(link?.href);
  return link && href ? { label: widgetText(locale, link.label), href } : null;
}
