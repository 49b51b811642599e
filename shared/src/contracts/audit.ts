/** Audit API shapes, shared by the API (which returns them) and the PWA (which shows them). */
import type { Locale } from "../actor.ts";
import { hasMessage, t } from "../i18n/index.ts";

export type AuditLog = {
  id: string;
  /** position in the tamper-evident chain */
  seq?: number | null;
  ts: string;
  actor_kind: string;
  actor_id: string | null;
  /** the name recorded with the row (the username at the time, or `system:<reason>`) */
  actor_name: string | null;
  /** the acting user's display name and current username, read from users when the row is listed */
  actor_display_name: string | null;
  actor_username: string | null;
  dept_id: string | null;
  via: string;
  ip: string | null;
  user_agent: string | null;
  method: string | null;
  path: string | null;
  module: string;
  action: string;
  /** the action's name in the request's language (`auditActionName`) */
  action_name: string;
  resource_type: string | null;
  resource_id: string | null;
  before: unknown;
  after: unknown;
  status: number;
  error_code: string | null;
  duration_ms: number | null;
  request_id: string | null;
};

export type LoginLog = {
  id: string;
  seq?: number | null;
  ts: string;
  username: string;
  user_id: string | null;
  /** the user's display name, when the attempt names a known user */
  display_name: string | null;
  provider: string;
  success: boolean;
  reason: string | null;
  ip: string | null;
  user_agent: string | null;
  session_id: string | null;
  request_id: string | null;
};

/** `GET /audit/verify`: where a chain first breaks (table, row, why, archive file) */
export type AuditChainBad = { table: "audit_logs" | "login_logs"; seq: number | null; id: string | null; reason: string; archive?: string };
export type AuditChainReport = { checked: number; archived: number; head_seq: number; head_hash: string | null; first_bad: AuditChainBad | null };
export type AuditVerifyReport = {
  ok: boolean;
  checked: number;
  first_bad: AuditChainBad | null;
  tables: Record<"audit_logs" | "login_logs", AuditChainReport>;
};

/* ---- readable rows: shared by the API (list, CSV export) and the PWA (audit and login log pages) ---- */

/** The name of an audit action in the given language; an action the catalogue lacks shows as its raw `module.action`. */
export function auditActionName(locale: Locale, module: string, action: string): string {
  const code = `${module}.${action}`;
  const key = `audit.action.${code}`;
  return hasMessage(key) ? t(locale, key) : code;
}

export type AuditResult = "success" | "failure" | "denied" | "unauthenticated";

/** The outcome of an audited request, from its HTTP status. */
export function auditResult(status: number): AuditResult {
  if (status < 400) return "success";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "denied";
  return "failure";
}

/** The outcome as a word: 成功, 失败, 无权限, 未登录 */
export function auditResultName(locale: Locale, status: number): string {
  return t(locale, `audit.result.${auditResult(status)}`);
}

/**
 * An error reason code (`auth.forbidden`, `iam.user_not_found` …) in words; messages with
 * placeholders the row cannot fill have a short form under `audit.reason.*`. Unknown codes stay as they are.
 */
export function auditReasonText(locale: Locale, code: string | null | undefined): string | null {
  if (!code) return null;
  if (hasMessage(`audit.reason.${code}`)) return t(locale, `audit.reason.${code}`);
  return hasMessage(code) ? t(locale, code) : code;
}

/** A login log reason (`bad_password`, `idp_error:access_denied`, or an error code) in words. */
export function loginReasonText(locale: Locale, reason: string | null | undefined): string | null {
  if (!reason) return null;
  const colon = reason.indexOf(":");
  const head = colon < 0 ? reason : reason.slice(0, colon);
  const key = `audit.login_reason.${head}`;
  if (!hasMessage(key)) return auditReasonText(locale, reason);
  return colon < 0 ? t(locale, key) : `${t(locale, key)}: ${reason.slice(colon + 1)}`;
}

/** Where a request came from: 网页, API 令牌, 命令行, 聊天机器人, or the chat platform with the command typed (`Slack: whoami`). */
export function auditViaText(locale: Locale, via: string | null | undefined): string {
  if (!via) return "";
  const colon = via.indexOf(":");
  const channel = (colon < 0 ? via : via.slice(0, colon)).trim();
  const key = `audit.via.${channel}`;
  const label = hasMessage(key) ? t(locale, key) : channel;
  const command = colon < 0 ? "" : via.slice(colon + 1).trim();
  return command ? `${label}: ${command}` : label;
}

/** Who acted, for people: the user's display name, else the name recorded; system actors and anonymous requests in words. */
export function auditActorName(locale: Locale, row: Pick<AuditLog, "actor_kind" | "actor_name"> & { actor_display_name?: string | null }): string {
  if (row.actor_display_name) return row.actor_display_name;
  if (row.actor_name?.startsWith("system:")) return `${t(locale, "audit.actor.system")} (${row.actor_name.slice(7)})`;
  if (row.actor_name) return row.actor_name;
  return t(locale, row.actor_kind === "system" ? "audit.actor.system" : "audit.actor.anonymous");
}

/** One changed field of a before/after pair: its path (`a.b` for nested objects), old and new value. */
export type AuditChange = {
  path: string;
  before: unknown;
  after: unknown;
  /** when both sides are lists of plain values: what the change added and removed */
  added?: unknown[];
  removed?: unknown[];
};

const IGNORED = new Set(["updated_at"]);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isPlainList = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((x) => x === null || typeof x !== "object");
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields whose value differs between two snapshots, nested objects flattened to paths
 * (`settings.password.min_length`), lists compared whole. A missing side (create, delete) shows
 * every field of the other. `updated_at` is left out: it changes with everything.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const out: AuditChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (same(a, b)) return;
    if ((isObject(a) || a == null) && (isObject(b) || b == null) && (isObject(a) || isObject(b))) {
      const x = isObject(a) ? a : {};
      const y = isObject(b) ? b : {};
      for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])]) {
        if (!path && IGNORED.has(k)) continue;
        walk(x[k], y[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    const change: AuditChange = { path, before: a ?? null, after: b ?? null };
    if (isPlainList(a) && isPlainList(b)) {
      const had = new Set(a.map((v) => JSON.stringify(v)));
      const has = new Set(b.map((v) => JSON.stringify(v)));
      change.added = b.filter((v) => !had.has(JSON.stringify(v)));
      change.removed = a.filter((v) => !has.has(JSON.stringify(v)));
    }
    out.push(change);
  };
  walk(before, after, "");
  return out;
}
