import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { configApi } from "../config.testkit.ts";

const PUB = "/api/v1/config/rates/published";
const FIELDS = [
  { key: "code", type: "text", label: "代码", required: true, unique: true },
  { key: "rate", type: "decimal", label: "费率", scale: 4 },
  { key: "api_key", type: "text", label: "密钥", secret: true },
];

describe.each(ENGINES)("config published endpoint, long-poll and consumers through HTTP (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  let c: ReturnType<typeof configApi>;
  async function issue(name: string, scopes: string[], labels: string[] = []) {
    const r = await s.req("POST", "/api/v1/api-tokens", { token: admin, body: { name, scopes, labels } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.data as { id: string; token: string };
  }
  const get = (token: string, query = "", etag?: string, signal?: AbortSignal) =>
    s.system.app.request(`${PUB}${query}`, { headers: { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) }, signal });
  /** a write to a table without approval is released in full at once */
  async function write(rate: string) {
    const r = await c.update(admin, "rates", "cny", { rate }, `费率 ${rate}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const waiting = () => s.system.configConsumers.waiting();

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    admin = await s.login("admin");
    c = configApi(s);
    for (const [name, extra] of [["rates", {}], ["secret-rates", { read_roles: ["ops_manager"] }]] as const) {
      expect((await c.createTable(admin, { name, display_name: name, key_field: "code", needs_approval: false, fields: FIELDS, ...extra })).status).toBe(201);
      expect((await c.create(admin, name, { code: "cny", rate: "0.0100", api_key: "sk-live-123" })).status).toBe(201);
    }
  });
  afterAll(() => s?.close());

  it("serves the consumer's release with an ETag; 304 on a match; secrets never served; scopes decide which tables", async () => {
    const t = await issue("erp", ["config:read:rates"]);
    const r = await get(t.token);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { data: { release: number; version: number; gray: boolean; records: unknown[] } };
    expect(r.headers.get("etag")).toBe(`"rates:${body.data.release}:${body.data.version}"`);
    expect(body.data).toMatchObject({ table: "rates", gray: false, records: [{ key: "cny", values: { code: "cny", rate: "0.0100" } }] });
    expect(JSON.stringify(body)).not.toContain("sk-live");
    expect(JSON.stringify(body)).not.toContain("api_key");
    for (const tag of [r.headers.get("etag")!, `W/${r.headers.get("etag")}`, '"x", ' + r.headers.get("etag"), "*"]) {
      const same = await get(t.token, "", tag);
      expect(same.status, tag).toBe(304);
      expect(await same.text()).toBe("");
    }
    expect((await s.req("GET", "/api/v1/config/secret-rates/published", { token: t.token })).status).toBe(403);
    expect((await s.req("GET", "/api/v1/config/tables/rates/consumers", { token: t.token })).status).toBe(403);
    expect((await s.req("POST", "/api/v1/api-tokens", { token: t.token, body: {} })).body.reason).toBe("auth.token_read_only");
    expect((await get((await issue("jobs-only", ["jobs:view"])).token)).status).toBe(403);
    const wildcard = await issue("all-config", ["config:read:*"]);
    expect((await s.req("GET", "/api/v1/config/secret-rates/published", { token: wildcard.token })).status).toBe(200);
    expect((await s.req("GET", "/api/v1/config/nope/published", { token: wildcard.token })).status).toBe(404);
  });

  it("a revoked token gets 401 on its very next request", async () => {
    const t = await issue("to-revoke", ["config:read:rates"]);
    expect((await get(t.token)).status).toBe(200);
    expect((await s.req("DELETE", `/api/v1/api-tokens/${t.id}`, { token: admin })).status).toBe(200);
    const r = await get(t.token);
    expect(r.status).toBe(401);
    expect(((await r.json()) as { reason: string }).reason).toBe("auth.token_revoked");
  });

  it("users: config:view plus the table's read roles; ?consumer=&labels= name them", async () => {
    const lina = await s.login("lina");
    expect((await s.req("GET", `${PUB}?consumer=svc-a&labels=blue,cn`, { token: lina })).status).toBe(200);
    // a table the user may not read answers as if it did not exist, like the config API's own routes
    expect((await s.req("GET", "/api/v1/config/secret-rates/published", { token: lina })).status).toBe(404);
    expect((await s.req("GET", "/api/v1/config/tables/secret-rates/consumers", { token: lina })).status).toBe(404);
    expect((await s.req("GET", "/api/v1/config/secret-rates/published", { token: await s.login("zhangwei") })).status).toBe(200);
    const list = await s.req("GET", "/api/v1/config/tables/rates/consumers", { token: lina });
    expect(list.body.data.items).toContainEqual(expect.objectContaining({ name: "svc-a", labels: ["blue", "cn"], table: "rates", token_id: null }));
  });

  it("a long-polling consumer sees a release within a second; an idle wait ends in 304", async () => {
    const t = await issue("poller", ["config:read:rates"]);
    const etag = (await get(t.token)).headers.get("etag")!;
    const pending = get(t.token, "?wait=10", etag);
    await until(() => waiting() === 1);
    const started = Date.now();
    await write("0.0200");
    const r = await pending;
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.headers.get("etag")).not.toBe(etag);
    expect(((await r.json()) as { data: { records: Array<{ values: { rate: string } }> } }).data.records[0]!.values.rate).toBe("0.0200");

    const idle = Date.now();
    const none = await get(t.token, "?wait=1", r.headers.get("etag")!);
    expect(none.status).toBe(304);
    expect(Date.now() - idle).toBeGreaterThanOrEqual(900);
    expect(waiting()).toBe(0);
  });

  it("gray: a release to named consumers reaches the waiting canary only", async () => {
    const canary = await issue("canary", ["config:read:rates"], ["canary"]);
    const plain = await issue("plain", ["config:read:rates"]);
    const etag = (await get(canary.token)).headers.get("etag")!;
    const pending = get(canary.token, "?wait=10", etag);
    await until(() => waiting() === 1);
    const rel = await s.req("POST", "/api/v1/config/tables/rates/releases", { token: admin, body: { note: "canary", gray: { consumers: ["canary"] } } });
    expect(rel.status, JSON.stringify(rel.body)).toBe(201);
    const r = await pending;
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: { gray: boolean; release: number } }).data).toMatchObject({ gray: true, release: rel.body.data.number });
    const p = (await (await get(plain.token)).json()) as { data: { gray: boolean } };
    expect(p.data.gray).toBe(false);
    expect((await s.req("POST", `/api/v1/config/tables/rates/releases/${rel.body.data.number}/promote`, { token: admin })).status).toBe(200);
  });

  it("lets go of a long-poll whose client went away", async () => {
    const t = await issue("leaver", ["config:read:rates"]);
    const etag = (await get(t.token)).headers.get("etag")!;
    const aborts = [new AbortController(), new AbortController()];
    const held = aborts.map((a) => Promise.resolve(get(t.token, "?wait=30", etag, a.signal)).catch(() => null));
    await until(() => waiting() === 2);
    for (const a of aborts) a.abort();
    await until(() => waiting() === 0);
    await Promise.all(held);
  });

  it("consumer rows: written at most every 30 s unless the release changed", async () => {
    const t = await issue("tracked", ["config:read:rates"], ["blue"]);
    const seenAt = async () => (await s.system.db.get<{ last_seen_at: string; release_no: number }>("SELECT last_seen_at, release_no FROM config_consumers WHERE name = 'tracked'"))!;
    await get(t.token);
    const first = await seenAt();
    s.clock.advance(10_000);
    await get(t.token);
    expect((await seenAt()).last_seen_at).toBe(first.last_seen_at);
    await write("0.0500");
    const after = (await (await get(t.token)).json()) as { data: { release: number } };
    expect(Number((await seenAt()).release_no)).toBe(after.data.release);
    s.clock.advance(31_000);
    await get(t.token);
    expect((await seenAt()).last_seen_at).toBe(s.clock.now().toISOString());
    const list = await s.req("GET", "/api/v1/config/tables/rates/consumers?sort=name", { token: admin });
    expect(list.body.data.items.find((x: { name: string }) => x.name === "tracked")).toMatchObject({ labels: ["blue"], release: after.data.release, token_id: t.id });
  });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
