import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { notifyMessages } from "@ops/shared/i18n/notify.messages.ts";

/**
 * `${name}` and `${a.b}` placeholders, filled from the event's data. A missing value renders as
 * nothing and is reported, so a preview can show which variables a template expects.
 */
const PLACEHOLDER = /\$\{\s*([\w.-]+)\s*\}/g;

export type RenderResult = { text: string; missing: string[] };

export function renderTemplate(template: string, vars: Record<string, unknown>): RenderResult {
  const missing = new Set<string>();
  const text = template.replace(PLACEHOLDER, (_, path: string) => {
    const value = lookup(vars, path);
    if (value === undefined || value === null) {
      missing.add(path);
      return "";
    }
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  });
  return { text, missing: [...missing] };
}

function lookup(vars: Record<string, unknown>, path: string): unknown {
  let current: unknown = vars;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The module's built-in texts, read from its own catalog so they never depend on registration order. */
export function notifyText(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = notifyMessages[locale]?.[key] ?? notifyMessages[DEFAULT_LOCALE][key] ?? key;
  return renderTemplate(template, params).text;
}
