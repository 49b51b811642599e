import type { Context } from "hono";
import { t } from "@ops/shared";
import { localeOf } from "../../http/locale.ts";
import { SuccessEnvelope } from "../../http/openapi-schemas.ts";
import type { AppEnv } from "../../http/types.ts";
import type { WriteResult } from "./records/index.ts";

/**
 * A record write's answer: applied → 200/201 `{data: record, version}` (ETag the record's version);
 * proposed for approval → 202 `{data: <ConfigChangeSet>}`.
 */
export function writeAnswer(c: Context<AppEnv>, result: WriteResult, created = false) {
  const base = { code: 0, message: t(localeOf(c), "ok"), timestamp: Date.now() };
  if (result.kind === "proposed") return c.json({ ...base, data: result.change_set }, 202);
  if (result.record) c.header("ETag", `"${result.record.version}"`);
  return c.json({ ...base, data: result.record, version: result.version }, created ? 201 : 200);
}

/** The documented answers of a record write. */
export const WRITE_RESPONSES = {
  200: { description: "已生效：`{code: 0, data: <ConfigRecord>, version}`（version 为生成的表版本）", content: { "application/json": { schema: SuccessEnvelope } } },
  202: { description: "需审批的表：已生成变更集并提交审批，`data` 为 ConfigChangeSet；尚未生效", content: { "application/json": { schema: SuccessEnvelope } } },
};
