import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";

/**
 * Role × route matrix, read from the OpenAPI document so that every route any module adds is
 * covered without touching this test. Each seeded role's demo user calls every operation with
 * harmless input (ids that do not exist, empty bodies):
 *  - a permission code the role lacks → 403 / 40301;
 *  - a code it holds → anything but 401/403 (400, 404, 409 are fine);
 *  - `public` and `user` operations → never 403 `auth.forbidden`.
 */
const ROLE_USERS = ["admin", "zhangwei", "lina", "liuyang", "chenjing"];
const MISSING_ID = "00000000-0000-7000-8000-000000000000";
const METHODS = ["get", "post", "put", "patch", "delete"];

type Operation = { method: string; path: string; access: string };
type Outcome = { status: number; reason?: string; code?: number };

describe.each(ENGINES)("role × route matrix (%s)", (engine) => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
  });
  afterAll(() => s?.close());

  it("answers every operation of the OpenAPI document as each role's permissions say", async () => {
    const operations = await listOperations(s);
    expect(operations.filter((o) => !["public", "user", "bot"].includes(o.access)).length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const username of ROLE_USERS) {
      const session = await signIn(s, username);
      for (const op of operations) {
        const outcome = await call(s, op, await session.token());
        const problem = judge(op, session.permissions, outcome);
        if (problem) problems.push(`${username} ${op.method.toUpperCase()} ${op.path} [${op.access}]: ${problem}`);
        if (op.method !== "get") session.checkStillSignedIn();
      }
    }
    expect(problems).toEqual([]);
  });
});

async function listOperations(s: TestSystem): Promise<Operation[]> {
  const spec = (await s.req("GET", "/api/openapi.json")).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const access = item[method]?.["x-permission"];
      if (typeof access === "string") out.push({ method, path, access });
    }
  }
  return out;
}

/**
 * A signed-in demo user and their effective permissions (GET /auth/me). Routes such as logout
 * end the session on purpose: after a write the token is checked and renewed if it ended.
 */
async function signIn(s: TestSystem, username: string) {
  let token = await s.login(username);
  let stale = false;
  const me = await s.req("GET", "/api/v1/auth/me", { token });
  expect(me.status).toBe(200);
  const permissions: string[] = me.body.data.permissions;
  return {
    permissions,
    checkStillSignedIn: () => (stale = true),
    async token() {
      if (stale && (await s.req("GET", "/api/v1/auth/me", { token })).status === 401) token = await s.login(username);
      stale = false;
      return token;
    },
  };
}

async function call(s: TestSystem, op: Operation, token: string): Promise<Outcome> {
  const url = op.path.replace(/\{[^}]+\}/g, MISSING_ID);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  const init: RequestInit = { method: op.method.toUpperCase(), headers };
  if (op.method !== "get" && op.method !== "delete") {
    headers["content-type"] = "application/json";
    init.body = "{}";
  }
  const res = await s.system.app.request(url, init);
  // Only JSON bodies are read: a stream (SSE, downloads) is dropped rather than awaited.
  if (!res.headers.get("content-type")?.includes("application/json")) {
    await res.body?.cancel();
    return { status: res.status };
  }
  const body = (await res.json()) as { reason?: string; code?: number };
  return { status: res.status, reason: body.reason, code: body.code };
}

function judge(op: Operation, permissions: string[], out: Outcome): string | null {
  // Bot routes take only the bot's credential: a user's token is refused whatever its roles.
  if (op.access === "bot") return out.status === 401 ? null : `bot route answered ${out.status} to a user token`;
  if (op.access === "public" || op.access === "user") {
    return out.status === 403 && out.reason === "auth.forbidden" ? "403 auth.forbidden on an open route" : null;
  }
  const granted = permissions.includes("*") || permissions.includes(op.access);
  if (!granted) return out.status === 403 && out.code === 40301 ? null : `expected 403/40301, got ${out.status} ${out.reason ?? ""}`;
  return out.status === 401 || out.status === 403 ? `granted but got ${out.status} ${out.reason ?? ""}` : null;
}
