import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./types.ts";
import { API_DESCRIPTION } from "./openapi-info.ts";
import { BEARER_SCHEME, BOT_SCHEME } from "./openapi-operation.ts";
import { tagsFor } from "./openapi-tags.ts";

export const OPENAPI_PATH = "/api/openapi.json";

type Operation = { operationId?: string; tags?: string[] };
type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/**
 * Serves the OpenAPI 3.1 document, built once on first request (every module's routes are mounted
 * by then). A duplicate operationId fails loudly: the typed clients generated from the document
 * would silently lose one of the two operations.
 */
export function serveOpenApi(app: OpenAPIHono<AppEnv>, version: string) {
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER_SCHEME, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "用户访问令牌：`POST /api/v1/auth/login` 返回的 `data.access_token`。",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", BOT_SCHEME, {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description:
      "聊天机器人凭证，值为 `Bot <key>`（注意 `Bot ` 前缀）。代表某个聊天账号时另加请求头 " +
      "`X-OPS-Chat-Platform`（slack | feishu | dingtalk）与 `X-OPS-Chat-User`。",
  });
  let document: Document | undefined;
  app.get(OPENAPI_PATH, (c) => {
    document ??= buildDocument(app, version);
    return c.json(document, 200, { "Cache-Control": "no-cache" });
  });
}

export function buildDocument(app: OpenAPIHono<AppEnv>, version: string): Document {
  const doc = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "OPS 智能运营系统 API", version, description: API_DESCRIPTION },
    servers: [{ url: "/", description: "当前服务器" }],
  });
  const operations = operationsOf(doc);
  assertUniqueOperationIds(operations);
  doc.tags = tagsFor(operations.flatMap(({ op }) => op.tags ?? []));
  return doc;
}

function operationsOf(doc: Document): Array<{ where: string; op: Operation }> {
  const out: Array<{ where: string; op: Operation }> = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (op) out.push({ where: `${method.toUpperCase()} ${path}`, op });
    }
  }
  return out;
}

export function assertUniqueOperationIds(operations: Array<{ where: string; op: Operation }>) {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const { where, op } of operations) {
    if (!op.operationId) continue;
    const first = seen.get(op.operationId);
    if (first) clashes.push(`${op.operationId}: ${first} and ${where}`);
    else seen.set(op.operationId, where);
  }
  if (clashes.length) {
    throw new Error(`duplicate OpenAPI operationId (give one route another module.action or an explicit operationId): ${clashes.join("; ")}`);
  }
}
