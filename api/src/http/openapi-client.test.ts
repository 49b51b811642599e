import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import openapiTS from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../testing/harness.ts";

/**
 * A typed client generated from the live document (openapi-typescript) must typecheck a few
 * ordinary calls, and must refuse wrong ones (`@ts-expect-error` lines fail when the types get
 * loose): a schema that loses a field, a body or a response type breaks this test.
 */
const TSC = resolve(import.meta.dirname, "../../../node_modules/.bin/tsc");

const CALLS = `import type { components, paths } from "./openapi";

type Op<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];
type JsonBody<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B
  : O extends { requestBody?: { content: { "application/json": infer B } } } ? B | undefined : undefined;
type Query<O> = O extends { parameters: { query?: infer Q } } ? Q : never;
type Ok<O> = O extends { responses: { 200: { content: { "application/json": infer R } } } } ? R : never;
type ErrorBody = components["schemas"]["ErrorEnvelope"];

/** A plain typed helper over fetch: the path, method, body and answer all come from the document. */
async function call<P extends keyof paths, M extends keyof paths[P] & string>(
  method: M, path: P, body: JsonBody<Op<P, M>>, query?: Query<Op<P, M>>, token?: string,
): Promise<Ok<Op<P, M>> | ErrorBody> {
  const qs = query ? "?" + new URLSearchParams(query as Record<string, string>).toString() : "";
  const res = await fetch(String(path) + qs, {
    method: method.toUpperCase(),
    headers: { "content-type": "application/json", ...(token ? { authorization: "Bearer " + token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Ok<Op<P, M>> | ErrorBody;
}

function isError(r: { code: number }): r is ErrorBody {
  return r.code !== 0;
}

export async function signInAndListUsers(): Promise<string[]> {
  const login = await call("post", "/api/v1/auth/login", { username: "admin", password: "secret" });
  if (isError(login)) {
    const fields: string[] = (login.errors ?? []).map((e) => e.field);
    return [login.reason, ...fields];
  }
  const token: string = "access_token" in login.data ? login.data.access_token : login.data.mfa_token;
  const users = await call("get", "/api/v1/users", undefined, { page: 1, page_size: 50, q: "li" }, token);
  if (isError(users)) return [users.message];
  const total: number = users.data.total;
  const names: string[] = users.data.items.map((u) => u.username);
  // @ts-expect-error a user has no user_name field
  users.data.items.map((u) => u.user_name);
  return [String(total), ...names];
}

export async function wrongCalls() {
  // @ts-expect-error the login body takes username, not user
  await call("post", "/api/v1/auth/login", { user: "admin", password: "secret" });
  // @ts-expect-error no such path
  await call("get", "/api/v1/no-such-thing", undefined);
  // @ts-expect-error users are read with GET or created with POST, never PATCHed
  await call("patch", "/api/v1/users", undefined);
  const me = await call("get", "/api/v1/auth/me", undefined);
  // @ts-expect-error the envelope's timestamp is a number
  const when: string = me.timestamp;
  return when;
}
`;

let s: TestSystem;
let dir: string;
beforeAll(async () => {
  s = await createTestSystem({ demo: false });
  dir = mkdtempSync(join(tmpdir(), "ops-openapi-client-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await s.close();
});

function typecheck(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM"], types: [], skipLibCheck: false },
    files: Object.keys(files),
  }));
  const run = spawnSync(TSC, ["-p", join(dir, "tsconfig.json")], { encoding: "utf8", timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("typed client from the OpenAPI document", () => {
  it("typechecks calls against types generated from /api/openapi.json and refuses wrong ones", async () => {
    const spec = (await s.req("GET", "/api/openapi.json")).body;
    const types = await openapiTS(spec, { silent: true });
    expect(types).toContain('"/api/v1/users"');
    const result = typecheck({ "openapi.d.ts": types, "calls.ts": CALLS });
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  }, 60_000);

  it("fails when the document no longer declares what a call relies on", async () => {
    const spec = (await s.req("GET", "/api/openapi.json")).body;
    // A regression stand-in: the user list answers without a declared data schema.
    spec.paths["/api/v1/users"].get.responses["200"].content["application/json"].schema = { $ref: "#/components/schemas/SuccessEnvelope" };
    const result = typecheck({ "openapi.d.ts": await openapiTS(spec, { silent: true }), "calls.ts": CALLS });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/calls\.ts\(\d+,\d+\): error TS\d+/);
  }, 60_000);
});
