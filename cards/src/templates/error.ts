/**
 * The bot's error sink (DESIGN.md §4): an AppError becomes a message card in the reader's language.
 * Errors that are not exposed (5xx by default) show only the generic text and the error id that was logged.
 */
import { DEFAULT_LOCALE, hasMessage, t, type FieldError, type Locale } from "@ops/shared";
import type { Block, Card, Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";

/** What the card needs of an error; an AppError fits, so does an API envelope's error part. */
export type ErrorLike = {
  code: string;
  status?: number;
  expose?: boolean;
  params?: Record<string, unknown>;
  errors?: FieldError[];
  /**
   * The message as the API already worded it in the reader's language, parameters filled in (the
   * envelope carries no params, so `code` alone would lose e.g. the permission a 403 names).
   * (Not `message`: an Error passed as ErrorLike has one, its code.)
   */
  apiMessage?: string;
};

export type ErrorCardOptions = {
  /** id under which the error was logged (required to be useful for 5xx) */
  errorId?: string;
  requestId?: string;
  /** app path that helps, e.g. the page where the action can be done */
  link?: string;
};

export const errorText: Dict = {
  "zh-CN": {
    title_400: "请求有误",
    title_401: "需要登录",
    title_403: "没有权限",
    title_404: "未找到",
    title_409: "操作冲突",
    title_413: "内容过大",
    title_423: "已被锁定",
    title_429: "操作太频繁",
    title_500: "系统出错了",
    title_other: "操作未完成",
    message: "原因",
    code: "错误码 ${code}",
    error_id: "错误编号 ${id}",
    request_id: "请求编号 ${id}",
  },
  en: {
    title_400: "Invalid request",
    title_401: "Sign-in needed",
    title_403: "Not allowed",
    title_404: "Not found",
    title_409: "Conflict",
    title_413: "Too large",
    title_423: "Locked",
    title_429: "Too many requests",
    title_500: "Something went wrong",
    title_other: "Not done",
    message: "Reason",
    code: "Code ${code}",
    error_id: "Error id ${id}",
    request_id: "Request id ${id}",
  },
};

const TITLED = new Set([400, 401, 403, 404, 409, 413, 423, 429]);

export function errorCard(error: ErrorLike, locale: Locale = DEFAULT_LOCALE, opts: ErrorCardOptions = {}): Card {
  const tr = translator(errorText, locale);
  const status = error.status ?? 500;
  const exposed = error.expose ?? status < 500;
  const message = exposed ? (error.apiMessage ?? t(locale, error.code, error.params)) : t(locale, "common.internal", { error_id: opts.errorId ?? "—" });
  const title = status >= 500 ? tr("title_500") : TITLED.has(status) ? tr(`title_${status}`) : tr("title_other");
  const tone: Tone = status >= 500 ? "danger" : "warning";

  const blocks: Block[] = [{ type: "fields", fields: [{ label: tr("message"), value: message }] }];
  const fieldErrors = exposed ? (error.errors ?? []) : [];
  if (fieldErrors.length)
    blocks.push({
      type: "fields",
      fields: fieldErrors.map((e) => ({ label: e.field, value: hasMessage(e.message) ? t(locale, e.message) : e.message })),
    });
  const refs = [
    exposed ? tr("code", { code: error.code }) : "",
    opts.errorId ? tr("error_id", { id: opts.errorId }) : "",
    opts.requestId ? tr("request_id", { id: opts.requestId }) : "",
  ].filter(Boolean);
  if (refs.length) blocks.push({ type: "context", text: refs.join(" · ") });

  return {
    locale,
    header: { title, tone },
    blocks,
    summary: message,
    ...(opts.link ? { link: opts.link } : {}),
  };
}
