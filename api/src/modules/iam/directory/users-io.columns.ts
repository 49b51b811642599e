import { LOCALES, t, type Locale } from "@ops/shared";

/** The columns of an import file, in template order. Export writes the same ones first, so a file can go back in. */
export const IMPORT_COLUMNS = ["username", "display_name", "department", "roles", "email", "phone", "status", "locale", "password"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Required in every row; the department only for a new user (checked per row). */
export const REQUIRED_COLUMNS: ImportColumn[] = ["username", "display_name"];
/** Columns the template marks with `*`. */
export const STARRED_COLUMNS: ImportColumn[] = ["username", "display_name", "department"];

/** Read-only columns an export adds after the importable ones. */
export const EXPORT_EXTRA_COLUMNS = ["mfa_enabled", "locked", "last_login_at", "created_at"] as const;

export const columnLabel = (locale: Locale, column: string) => t(locale, `iam.import.column.${column}`);

/** The header as the template writes it: the label in the reader's language, `*` when required. */
export const templateHeader = (locale: Locale, column: ImportColumn) => `${columnLabel(locale, column)}${STARRED_COLUMNS.includes(column) ? "*" : ""}`;

const normalize = (s: string) => s.trim().replace(/[*＊]|（必填）|\(required\)/gi, "").trim().toLowerCase().replace(/[\s_-]+/g, "_");

/** A header cell in any language (or the column key itself) → the column it names; unknown headers are ignored. */
export function columnOf(header: string): ImportColumn | null {
  const h = normalize(header);
  if (!h) return null;
  for (const column of IMPORT_COLUMNS) {
    if (h === column) return column;
    for (const locale of LOCALES) if (h === normalize(columnLabel(locale, column))) return column;
  }
  // common alternatives people type
  const aliases: Record<string, ImportColumn> = {
    账号: "username", 登录名: "username", 显示名: "display_name", 名称: "display_name", name: "display_name", dept: "department",
    部门路径: "department", role: "roles", 手机: "phone", 电话: "phone", mobile: "phone", 邮件: "email", 密码: "password",
  };
  return aliases[h] ?? null;
}

const STATUS_WORDS: Record<string, "active" | "disabled"> = {
  active: "active", enabled: "active", enable: "active", 启用: "active", 正常: "active", 在职: "active",
  disabled: "disabled", disable: "disabled", 停用: "disabled", 禁用: "disabled", 离职: "disabled",
};

/** A status cell → active | disabled; undefined when empty; null when not understood. */
export function parseStatus(value: string): "active" | "disabled" | undefined | null {
  if (!value) return undefined;
  return STATUS_WORDS[value.trim().toLowerCase()] ?? null;
}

/** A language cell → zh-CN | en; undefined when empty; null when not understood. */
export function parseLocale(value: string): Locale | undefined | null {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (["zh-cn", "zh", "zh_cn", "中文", "简体中文"].includes(v)) return "zh-CN";
  if (["en", "en-us", "english", "英文", "英语"].includes(v)) return "en";
  return null;
}

/** Role cells hold several names: split on ASCII and full-width separators. */
export const splitList = (value: string) => value.split(/[,，;；、|\n]/).map((s) => s.trim()).filter(Boolean);
