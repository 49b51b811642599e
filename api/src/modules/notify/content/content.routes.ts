import { OpenAPIHono } from "@hono/zod-openapi";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { sensitiveWordsBody, type WordList } from "./words.ts";

const manage = { module: "notify", access: "notify:manage", resourceType: "notify_sensitive_words" } as const;

const get = defineRoute({
  ...manage, method: "get", path: "/notify/sensitive-words", action: "sensitive_words.get",
  summary: "通知敏感词",
  description: "通知内容的敏感词表与处理方式：`mask` 把命中的词替换为 ***，`block` 拒绝整条通知（所有渠道）。",
});
const put = defineRoute({
  ...manage, method: "put", path: "/notify/sensitive-words", action: "sensitive_words.update",
  summary: "修改通知敏感词",
  description: "整体替换敏感词表：最多 2000 个，每个 1–50 个字符（去掉首尾空白，忽略大小写去重）。各进程 5 秒内生效；审计只记录增删的个数。",
  request: jsonBody(sensitiveWordsBody),
});

export function contentRoutes(words: WordList) {
  const by = (c: { get(key: "actor"): { userId: string } | undefined }) => c.get("actor")?.userId ?? null;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(get, async (c) => ok(c, await words.get()))
    .openapi(put, async (c) => ok(c, await words.save(c.req.valid("json"), by(c))));
}
