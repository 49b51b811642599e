/**
 * Card wording lives beside the templates (one small zh-CN/en dictionary each) so cards needs no registration
 * in shared's catalog. `${name}` placeholders work as in shared's `t`.
 */
import { DEFAULT_LOCALE, LOCALES, type Locale } from "@ops/shared";

export type Dict = Record<Locale, Record<string, string>>;
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function translator(dict: Dict, locale: Locale): Translate {
  return (key, params = {}) => {
    const template = dict[locale]?.[key] ?? dict[DEFAULT_LOCALE][key] ?? key;
    return template.replace(/\$\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
  };
}

/** Keys missing from one language: a test keeps every dictionary complete. */
export function missingKeys(dict: Dict): string[] {
  const missing: string[] = [];
  for (const l of LOCALES)
    for (const other of LOCALES)
      for (const k of Object.keys(dict[l])) if (!(k in dict[other])) missing.push(`${other}:${k}`);
  return missing;
}

/** Wording the renderers add themselves when a card has to be cut down. */
export const renderText: Dict = {
  "zh-CN": {
    open_in_app: "在应用中查看完整内容",
    open_app: "在应用中打开",
    truncated: "内容过长，已截断",
    more_rows: "还有 ${count} 行未显示",
    more_changes: "还有 ${count} 项变更未显示",
    more_fields: "还有 ${count} 项未显示",
    confirm: "确定",
    deny: "取消",
    before: "原值",
    after: "新值",
    empty: "（空）",
    colon: "：",
    unsupported_input: "请在应用中填写：${label}",
  },
  en: {
    open_in_app: "Open in app for the full view",
    open_app: "Open in app",
    truncated: "Content was too long and has been cut",
    more_rows: "+${count} more rows",
    more_changes: "+${count} more changes",
    more_fields: "+${count} more",
    confirm: "Confirm",
    deny: "Cancel",
    before: "Before",
    after: "After",
    empty: "(empty)",
    colon: ": ",
    unsupported_input: "Fill in the app: ${label}",
  },
};

export const renderTr = (locale: Locale): Translate => translator(renderText, locale);
