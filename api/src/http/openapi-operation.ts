import type { RouteConfig } from "@hono/zod-openapi";
import { PERMISSIONS } from "@ops/shared";
import { AUDIT_ACTIONS } from "@ops/shared/i18n/audit-actions.messages.ts";
import { ErrorEnvelope, SuccessEnvelope } from "./openapi-schemas.ts";

/**
 * What `defineRoute` writes into each OpenAPI operation besides the route's own config, so that
 * every module's operations pass the linter (operationId, security, 4xx answers, zh-CN summary)
 * without each route file repeating it.
 */

/** Security scheme names, registered as components by the document builder. */
export const BEARER_SCHEME = "bearer";
export const BOT_SCHEME = "bot";

/** Error statuses a route may add beyond the defaults (`errors: [409]`). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 423 | 429;

type Responses = RouteConfig["responses"];

export type OperationInput = {
  module: string;
  action: string;
  access: string;
  path: string;
  allowRestricted?: boolean;
  errors?: ErrorStatus[];
  created?: boolean;
  summary?: string;
  description?: string;
  operationId?: string;
  responses?: Responses;
};

/** `iam` + `user.reset-password` → `iamUserResetPassword`: unique as long as module.action is. */
export function operationIdOf(module: string, action: string): string {
  const words = `${module}.${action}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join("");
}

/**
 * Who may call: public routes need nothing; bot-only routes take the bot key; every other route
 * takes a user's bearer token, or the bot key speaking for a bound chat account (route.ts: authorize).
 */
export function securityOf(access: string): NonNullable<RouteConfig["security"]> {
  if (access === "public") return [];
  if (access === "bot") return [{ [BOT_SCHEME]: [] }];
  return [{ [BEARER_SCHEME]: [] }, { [BOT_SCHEME]: [] }];
}

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: "请求无效：参数校验失败（40001，`errors` 逐个列出出错字段）或请求体不是合法 JSON",
  401: "未登录，或凭证无效、已过期、已被吊销（40101）",
  403: "没有所需权限（40301）",
  404: "资源不存在，或不在你的数据范围内（40401）",
  409: "与当前数据冲突，如名称已被占用、状态不允许（40901）",
  413: "请求体超过 1 MiB（41301）",
  422: "内容无法处理（42201）：格式正确但含不支持的内容，`errors` 逐个指明",
  423: "账号已锁定（42301），`message` 说明何时解锁",
  429: "请求过于频繁（42901），请按 `Retry-After` 响应头（秒）等待后重试",
};

const RESTRICTED_TEXT = "；或账号须先修改密码、绑定两步验证（`auth.password_change_required` / `auth.mfa_setup_required`）";

function errorResponse(status: ErrorStatus, restricted: boolean) {
  const description = status === 403 && restricted ? ERROR_TEXT[403] + RESTRICTED_TEXT : ERROR_TEXT[status];
  const headers =
    status === 429 ? { "Retry-After": { description: "可重试前须等待的秒数", schema: { type: "integer" as const, minimum: 1 } } } : undefined;
  return { description, ...(headers ? { headers } : {}), content: { "application/json": { schema: ErrorEnvelope } } };
}

/** 400 always; 401 unless public; 403 when a permission or an unrestricted account is needed; 404 with path params. */
export function defaultErrorStatuses(input: Pick<OperationInput, "access" | "path" | "allowRestricted" | "errors">): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>([400]);
  const open = input.access === "public";
  if (!open) statuses.add(401);
  if (!open && input.access !== "bot" && !(input.access === "user" && input.allowRestricted)) statuses.add(403);
  if (input.path.includes("{")) statuses.add(404);
  for (const s of input.errors ?? []) statuses.add(s);
  return [...statuses].sort((a, b) => a - b);
}

export const DEFAULT_SUCCESS = {
  200: { description: "成功：`{code: 0, message, data, timestamp}`", content: { "application/json": { schema: SuccessEnvelope } } },
};

/** The route's own answers win over the defaults with the same status. */
export function responsesOf(input: OperationInput): Responses {
  const restricted = input.access !== "public" && input.access !== "bot" && !input.allowRestricted;
  const errors = Object.fromEntries(defaultErrorStatuses(input).map((s) => [s, errorResponse(s, restricted)]));
  return { ...successOf(input), ...errors, ...pickErrors(input.responses) };
}

/**
 * A route that answers 201 (`ok(c, data, 201)`) says `created: true`: the document then shows its
 * success answer under 201. The typed client keeps its 200 (ok() types every success as 200).
 */
function successOf(input: OperationInput): Responses {
  const declared = input.responses ?? DEFAULT_SUCCESS;
  if (!input.created || !declared[200]) return declared;
  const { 200: success, ...rest } = declared;
  const created = "description" in success && success.description === "成功" ? { ...success, description: "已创建" } : success;
  return { 201: created, ...rest };
}

function pickErrors(responses: Responses | undefined): Responses {
  return Object.fromEntries(Object.entries(responses ?? {}).filter(([status]) => Number(status) >= 400));
}

const PERMISSION_NAMES = new Map(PERMISSIONS.map((p) => [p.code, p.name["zh-CN"]]));

/** Who may call, in words, shown at the top of each operation's description (x-permission keeps the code). */
export function accessText(access: string): string {
  if (access === "public") return "**公开接口**：无需登录。";
  if (access === "user") return "**权限**：任何已登录用户（`user`）。";
  if (access === "bot") return "**权限**：仅机器人凭证（`Authorization: Bot <key>`，`bot`）。";
  const name = PERMISSION_NAMES.get(access);
  return `**权限**：\`${access}\`${name ? `（${name}）` : ""}。`;
}

const CJK = /[\u4e00-\u9fff]/;

/**
 * The zh-CN summary: the route's own when it is Chinese, else the audit catalogue's name of
 * module.action (a route's summary in another language then moves to the description), else
 * whatever the route has, else the action code, so no operation goes without one.
 */
export function summaryOf(input: Pick<OperationInput, "module" | "action" | "summary">): string {
  if (input.summary && CJK.test(input.summary)) return input.summary;
  return catalogueName(input) ?? input.summary ?? `${input.module}.${input.action}`;
}

function catalogueName(input: Pick<OperationInput, "module" | "action">): string | undefined {
  return AUDIT_ACTIONS[`${input.module}.${input.action}`]?.["zh-CN"];
}

export function descriptionOf(input: OperationInput): string {
  const displaced = input.summary && summaryOf(input) !== input.summary ? input.summary : undefined;
  return [accessText(input.access), input.description, displaced].filter(Boolean).join("\n\n");
}

/** Everything defineRoute adds to the route config for the document. */
export function operationDocs(input: OperationInput) {
  return {
    operationId: input.operationId ?? operationIdOf(input.module, input.action),
    summary: summaryOf(input),
    description: descriptionOf(input),
    security: securityOf(input.access),
    responses: responsesOf(input),
  };
}
