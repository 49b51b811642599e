import { join } from "node:path";
import { loadConfig, lintFromString } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../testing/harness.ts";
import { assertUniqueOperationIds } from "./openapi-document.ts";

/**
 * The served OpenAPI document passes Redocly's recommended rules with no error and no warning
 * (redocly.yaml says which rules are off and why). Every route is declared through defineRoute,
 * so a module that lands later is checked here without touching this test.
 */
const HERE = import.meta.dirname;

let s: TestSystem;
let spec: any;
beforeAll(async () => {
  s = await createTestSystem({ demo: false });
  const r = await s.req("GET", "/api/openapi.json");
  expect(r.status).toBe(200);
  spec = r.body;
});
afterAll(() => s.close());

type Op = { method: string; path: string; op: any };
function operations(): Op[] {
  return Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method, path, op })),
  );
}

describe("OpenAPI document", () => {
  it("passes Redocly's recommended ruleset with 0 errors and 0 warnings", async () => {
    const config = await loadConfig({ configPath: join(HERE, "redocly.yaml") });
    const problems = await lintFromString({ source: JSON.stringify(spec, null, 2), absoluteRef: join(HERE, "openapi.json"), config });
    const shown = problems
      .filter((p) => !p.ignored)
      .map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`);
    expect(shown).toEqual([]);
  });

  it("gives every operation an operationId, a zh-CN summary, its security and the error envelope", () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(60);
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(["bearer", "bot"]);
    const problems = ops.flatMap(({ method, path, op }) => operationProblems(op, path).map((p) => `${method.toUpperCase()} ${path}: ${p}`));
    expect(problems).toEqual([]);
  });

  it("names operations after module and action, and references the envelope in success answers", () => {
    const users = spec.paths["/api/v1/users"];
    expect(users.get.operationId).toBe("iamUserList");
    expect(users.get.summary).toBe("用户列表");
    expect(users.get.description).toContain("`iam:user:list`（查看用户）");
    expect(users.post.summary).toBe("创建用户");
    // created: true moves the success answer to 201, as the handler answers
    expect(Object.keys(users.post.responses)).toContain("201");
    expect(users.post.responses["200"]).toBeUndefined();
    expect(users.post.responses["409"].content["application/json"].schema.$ref).toBe("#/components/schemas/ErrorEnvelope");
    const ok = users.get.responses["200"].content["application/json"].schema;
    expect(ok.allOf[0].$ref).toBe("#/components/schemas/SuccessEnvelope");
    expect(ok.allOf[1].properties.data).toBeDefined();
    const login = spec.paths["/api/v1/auth/login"].post;
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(["200", "400", "423", "429"]));
    expect(login.responses["429"].headers["Retry-After"]).toBeDefined();
    expect(spec.components.schemas.ErrorEnvelope.required).toEqual(expect.arrayContaining(["code", "message", "reason", "timestamp"]));
    expect(spec.tags.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(["iam", "audit", "notify", "chat"]));
    expect(spec.info.description).toContain("## 认证");
  });

  it("documents the success status a create route really answers", async () => {
    const token = await s.login("admin");
    const r = await s.req("POST", "/api/v1/notify/blacklist", { token, body: { address: "nobody@example.com", channel: "email" } });
    expect(r.body.code).toBe(0);
    const documented = Object.keys(spec.paths["/api/v1/notify/blacklist"].post.responses).filter((k) => k < "300");
    expect(documented).toEqual([String(r.status)]);
  });

  it("fails loudly on a duplicate operationId", () => {
    const op = (operationId: string) => ({ operationId });
    expect(() =>
      assertUniqueOperationIds([
        { where: "GET /a", op: op("iamUserList") },
        { where: "GET /b", op: op("iamUserList") },
      ]),
    ).toThrow(/duplicate OpenAPI operationId.*GET \/a and GET \/b/);
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

function operationProblems(op: any, path: string): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => ok || problems.push(what);
  check(/^[a-z][A-Za-z0-9]*$/.test(op.operationId ?? ""), `operationId ${op.operationId}`);
  check(/[\u4e00-\u9fff]/.test(op.summary ?? ""), `summary not in Chinese: ${op.summary}`);
  check(/^\*\*/.test(op.description ?? ""), "description does not start with who may call");
  const access = op["x-permission"];
  const security = (op.security ?? []).map((r: object) => Object.keys(r).join("+")).sort().join(",");
  const expected = access === "public" ? "" : access === "bot" ? "bot" : path === "/api/v1/notifications/stream" ? ",bearer" : "bearer,bot";
  check(security === expected, `security [${security}], expected [${expected}]`);
  const envelope = (status: string) => op.responses[status]?.content?.["application/json"]?.schema?.$ref === "#/components/schemas/ErrorEnvelope";
  check(envelope("400"), "no 400 with the ErrorEnvelope");
  if (access !== "public") check(envelope("401"), "no 401 with the ErrorEnvelope");
  if (!["public", "user", "bot"].includes(access)) check(envelope("403"), "no 403 with the ErrorEnvelope");
  if (path.includes("{")) check(envelope("404"), "no 404 with the ErrorEnvelope");
  return problems;
}
