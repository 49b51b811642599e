import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { configApi } from "../config.testkit.ts";

/**
 * The done-when items through the whole system (data layer, release side, consumers, IAM tokens):
 * a consumer long-polling the published endpoint sees a new value within a second; a consumer token
 * reads only what its scopes allow and a revoked one gets 401 at once.
 */
describe.each(ENGINES)("config consumers on the whole system (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  const TABLE = {
    name: "fx", display_name: "汇率", key_field: "code", needs_approval: false,
    fields: [
      { key: "code", type: "text", label: "代码", required: true, unique: true },
      { key: "rate", type: "decimal", label: "汇率", scale: 4 },
      { key: "secret", type: "text", label: "密钥", secret: true },
    ],
  };

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    admin = await s.login("admin");
    const c = configApi(s);
    expect((await c.createTable(admin, TABLE)).status).toBe(201);
    expect((await c.create(admin, "fx", { code: "cny", rate: "7.1000", secret: "sk-1" }, "首个汇率")).status).toBe(201);
  });
  afterAll(() => s?.close());

  it("a long-polling consumer sees a direct write's release within a second; scopes and revocation hold", async () => {
    const issued = await s.req("POST", "/api/v1/api-tokens", { token: admin, body: { name: "fx-app", scopes: ["config:read:fx"] } });
    const token = issued.body.data.token as string;
    const get = (etag?: string, wait = "") =>
      s.system.app.request(`/api/v1/config/fx/published${wait}`, { headers: { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) } });
    const first = await get();
    expect(first.status).toBe(200);
    const body = (await first.json()) as { data: { release: number; records: Array<{ values: Record<string, unknown> }> } };
    expect(body.data.records[0]!.values).toEqual({ code: "cny", rate: "7.1000" });
    const etag = first.headers.get("etag")!;
    expect(etag).toBe(`"fx:${body.data.release}:1"`);

    const pending = get(etag, "?wait=10");
    const started = Date.now();
    const patched = await configApi(s).update(admin, "fx", "cny", { rate: "7.2000" }, "调整汇率");
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const r = await pending;
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const next = (await r.json()) as { data: { release: number; version: number; records: Array<{ values: Record<string, unknown> }> } };
    expect([next.data.release, next.data.version, next.data.records[0]!.values.rate]).toEqual([body.data.release + 1, 2, "7.2000"]);

    // the token reads nothing else, writes nothing; the release screen sees it as a consumer
    expect((await s.req("GET", "/api/v1/config/tables/fx/records", { token })).status).toBe(403);
    expect((await s.req("PATCH", "/api/v1/config/tables/fx/records/cny", { token, body: { values: { rate: "1" }, reason: "x" } })).status).toBe(403);
    const consumers = await s.req("GET", "/api/v1/config/tables/fx/consumers", { token: admin });
    expect(consumers.body.data.items).toContainEqual(expect.objectContaining({ name: "fx-app", release: next.data.release, version: 2, token_id: issued.body.data.id }));

    expect((await s.req("DELETE", `/api/v1/api-tokens/${issued.body.data.id}`, { token: admin })).status).toBe(200);
    expect((await get()).status).toBe(401);
  });
});
