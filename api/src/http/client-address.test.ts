import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, ADMIN_PASSWORD, type TestSystem } from "../testing/harness.ts";

/**
 * The client address comes from the socket (no proxy trusted here). A GET or HEAD looks it up only when asked
 * (request-context.ts), so these go through a real server: an audited read, a sign-in and a refused write must each
 * record the address they came from.
 */
describe("client address over a real socket", () => {
  let s: TestSystem;
  let server: ReturnType<typeof Bun.serve>;
  let base: string;
  let auditor: string;

  beforeAll(async () => {
    s = await createTestSystem({ demoSeeders: ["company"], env: { OPS_TRUST_PROXY: "0" } });
    server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (request, srv) => s.system.app.fetch(request, srv) });
    base = `http://127.0.0.1:${server.port}`;
    auditor = await s.login("chenjing");
  });
  afterAll(async () => {
    await server.stop(true);
    await s.close();
  });

  const call = (method: string, path: string, init: { token?: string; body?: unknown; rid?: string } = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        // a forwarded address that must be ignored: no proxy is trusted
        "x-forwarded-for": "10.66.66.66",
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.rid ? { "x-request-id": init.rid } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  const auditRow = async (requestId: string) => {
    const r = await s.req("GET", `/api/v1/audit/logs?request_id=${requestId}`, { token: auditor });
    expect(r.body.data.total).toBe(1);
    return r.body.data.items[0] as { ip: string | null; method: string; status: number };
  };

  it("records the socket's address on an audited read (GET)", async () => {
    const login = await call("POST", "/api/v1/auth/login", { body: { username: "admin", password: ADMIN_PASSWORD } });
    const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
    const res = await call("GET", "/api/v1/jobs/export", { token, rid: "client-address-read-1" });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(await auditRow("client-address-read-1")).toMatchObject({ ip: "127.0.0.1", method: "GET", status: 200 });
  });

  it("records it on a sign-in and on a refused write", async () => {
    const refused = await call("POST", "/api/v1/auth/logout", { token: "not-a-token", rid: "client-address-write-1" });
    expect(refused.status).toBe(401);
    expect(await auditRow("client-address-write-1")).toMatchObject({ ip: "127.0.0.1", method: "POST", status: 401 });
    const logins = await s.req("GET", "/api/v1/audit/login-logs?username=admin", { token: auditor });
    expect(logins.body.data.items[0]).toMatchObject({ username: "admin", success: true, ip: "127.0.0.1" });
  });
});
