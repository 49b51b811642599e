import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../testing/harness.ts";

let s: TestSystem;
beforeAll(async () => {
  s = await createTestSystem({ env: { OPS_CORS_ORIGINS: "https://ops.example.com" } });
});
afterAll(() => s.close());

describe("HTTP conventions", () => {
  it("answers liveness, readiness and Prometheus metrics", async () => {
    expect((await s.req("GET", "/healthz")).body).toEqual({ status: "ok" });
    expect((await s.req("GET", "/readyz")).body).toMatchObject({ status: "ready", checks: { store: true, queue: true } });
    await s.req("GET", "/api/v1/auth/me");
    const metrics = await s.req("GET", "/metrics");
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    expect(metrics.body).toContain('http_requests_total{method="GET",route="/api/v1/auth/me",status="401"}');
    expect(metrics.body).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz"}');
  });

  it("wraps errors in the envelope with the code of the status, in the caller's language", async () => {
    const zh = await s.req("GET", "/api/v1/auth/me");
    expect(zh.status).toBe(401);
    expect(zh.body).toMatchObject({ code: 40101, data: null, message: "请先登录", reason: "auth.unauthenticated" });
    expect(typeof zh.body.timestamp).toBe("number");
    const en = await s.req("GET", "/api/v1/auth/me", { headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(en.body.message).toBe("Please sign in");
    const missing = await s.req("GET", "/api/v1/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(40401);
  });

  it("reports every invalid field at once and changes nothing", async () => {
    const r = await s.req("POST", "/api/v1/auth/login", { body: { username: "", password: 5 } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(40001);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["password", "username"]);
    const bad = await s.req("POST", "/api/v1/auth/login", { body: "{not json" });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(40001);
  });

  it("refuses bodies over the limit with 413", async () => {
    const r = await s.req("POST", "/api/v1/auth/login", { body: JSON.stringify({ username: "a", password: "x".repeat(1_100_000) }) });
    expect(r.status).toBe(413);
    expect(r.body.reason).toBe("common.body_too_large");
  });

  it("refuses a streamed body over the limit too, and its error answer still gets no-store and Vary: Origin", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    // no Content-Length: the limit counts what arrives
    const r = await s.system.app.request("/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    expect(r.status).toBe(413);
    expect(((await r.json()) as { reason: string }).reason).toBe("common.body_too_large");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("vary")).toContain("Origin");
  });

  it("checks GET requests for NUL in the URL, and keeps their answers out of caches", async () => {
    const token = await s.login("admin");
    const nul = await s.req("GET", "/api/v1/users?q=a%00b", { token });
    expect(nul.status).toBe(400);
    expect(nul.body.reason).toBe("common.nul_in_url");
    expect(nul.headers.get("cache-control")).toBe("no-store");
    const list = await s.req("GET", "/api/v1/users", { token });
    expect(list.status).toBe(200);
    expect(list.headers.get("cache-control")).toBe("no-store");
    expect(list.headers.get("vary")).toContain("Origin");
  });

  it("tolerates one trailing slash", async () => {
    const token = await s.login("admin");
    expect((await s.req("GET", "/api/v1/auth/me/", { token })).status).toBe(200);
  });

  it("sends a request id and security headers, and CORS only to allowed origins", async () => {
    const r = await s.req("GET", "/healthz", { headers: { "x-request-id": "req-12345678" } });
    expect(r.headers.get("x-request-id")).toBe("req-12345678");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    const allowed = await s.req("OPTIONS", "/api/v1/auth/login", { headers: { origin: "https://ops.example.com", "access-control-request-method": "POST" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://ops.example.com");
    const denied = await s.req("OPTIONS", "/api/v1/auth/login", { headers: { origin: "https://evil.example.com", "access-control-request-method": "POST" } });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("publishes OpenAPI with each route's permission, and a docs page", async () => {
    const spec = await s.req("GET", "/api/openapi.json");
    expect(spec.body.openapi).toBe("3.1.0");
    expect(spec.body.paths["/api/v1/audit/logs"].get["x-permission"]).toBe("audit:log:list");
    expect(spec.body.paths["/api/v1/auth/login"].post["x-permission"]).toBe("public");
    const docs = await s.req("GET", "/api/docs");
    expect(docs.headers.get("content-type")).toContain("text/html");
    expect(docs.body).toContain("/api/openapi.json");
  });
});

describe("readiness with BullMQ", () => {
  it("is ready with Redis reachable and answers 503 naming the queue when it is not", async () => {
    const up = await createTestSystem({ demo: false, env: { REDIS_URL: "redis://127.0.0.1:6379", OPS_QUEUE_PREFIX: `ops-ready-${process.pid}` } });
    try {
      const r = await up.req("GET", "/readyz");
      expect(r.status).toBe(200);
      expect(r.body.checks).toEqual({ store: true, queue: true });
    } finally {
      await up.close();
    }
    const down = await createTestSystem({ demo: false, env: { REDIS_URL: "redis://127.0.0.1:1" } });
    try {
      const r = await down.req("GET", "/readyz");
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ status: "not_ready", checks: { store: true, queue: false } });
    } finally {
      await down.close();
    }
  });
});
