import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { fakeConfig, mountConsumers, table } from "./consumers.testkit.ts";
import type { ConfigConsumers } from "./index.ts";

const PUB = "/api/v1/config/rates/published";

describe.each(ENGINES)("config published endpoint, long-poll and consumers through HTTP (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  let fake: ReturnType<typeof fakeConfig>;
  let consumers: ConfigConsumers;
  const rec = (rate: string) => [{ key: "cny", values: { code: "cny", rate, api_key: "sk-live-123" } }];
  async function issue(name: string, scopes: string[], labels: string[] = []) {
    const r = await s.req("POST", "/api/v1/api-tokens", { token: admin, body: { name, scopes, labels } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.data as { id: string; token: string };
  }
  const get = (token: string, query = "", etag?: string, signal?: AbortSignal) =>
    s.system.app.request(`${PUB}${query}`, { headers: { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) }, signal });

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    fake = fakeConfig([table("rates"), table("secret-rates", { read_roles: ["ops_manager"] })]);
    consumers = mountConsumers(s, fake, { maxWaiters: 3 });
    admin = await s.login("admin");
    fake.release("rates", rec("0.0100"));
    fake.release("secret-rates", rec("0.5000"));
  });
  afterAll(async () => {
    consumers?.stop();
    await s?.close();
  });

  it("serves the consumer's release with an ETag; 304 on a match; secrets never served; scopes decide which tables", async () => {
    const t = await issue("erp", ["config:read:rates"]);
    const r = await get(t.token);
    expect(r.status).toBe(200);
    expect(r.headers.get("etag")).toBe('"rates:1:1"');
    const body = (await r.json()) as { data: Record<string, unknown> };
    expect(body.data).toEqual({ table: "rates", release: 1, version: 1, gray: false, records: [{ key: "cny", values: { code: "cny", rate: "0.0100" } }] });
    expect(JSON.stringify(body)).not.toContain("sk-live");
    const same = await get(t.token, "", '"rates:1:1"');
    expect(same.status).toBe(304);
    expect(await same.text()).toBe("");
    // another table, the config API itself, and writes stay closed to it
    expect((await s.req("GET", "/api/v1/config/secret-rates/published", { token: t.token })).status).toBe(403);
    expect((await s.req("GET", "/api/v1/config/tables/rates/consumers", { token: t.token })).status).toBe(403);
    expect((await s.req("POST", "/api/v1/api-tokens", { token: t.token, body: {} })).body.reason).toBe("auth.token_read_only");
    const other = await issue("jobs-only", ["jobs:view"]);
    expect((await get(other.token)).status).toBe(403);
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
    const r = await s.req("GET", `${PUB}?consumer=svc-a&labels=blue,cn`, { token: lina });
    expect(r.status).toBe(200);
    // a table the user may not read answers as if it did not exist, like the config API's own routes
    expect((await s.req("GET", "/api/v1/config/secret-rates/published", { token: lina })).status).toBe(404);
    expect((await s.req("GET", "/api/v1/config/tables/secret-rates/consumers", { token: lina })).status).toBe(404);
    expect((await s.req("GET", "/api/v1/config/secret-rates/published", { token: await s.login("zhangwei") })).status).toBe(200);
    const list = await s.req("GET", "/api/v1/config/tables/rates/consumers", { token: lina });
    expect(list.body.data.items).toContainEqual(expect.objectContaining({ name: "svc-a", labels: ["blue", "cn"], table: "rates", release: 1, version: 1, token_id: null }));
  });

  it("a long-polling consumer sees a release within a second; an idle wait ends in 304", async () => {
    const t = await issue("poller", ["config:read:rates"]);
    const first = await get(t.token);
    const etag = first.headers.get("etag")!;
    const started = Date.now();
    const pending = get(t.token, "?wait=10", etag);
    await until(() => consumers.waiting() === 1);
    const { release } = fake.release("rates", rec("0.0200"));
    const r = await pending;
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.headers.get("etag")).toBe(`"rates:${release}:2"`);
    expect(((await r.json()) as { data: { records: Array<{ values: { rate: string } }> } }).data.records[0]!.values.rate).toBe("0.0200");

    const idle = Date.now();
    const none = await get(t.token, "?wait=1", r.headers.get("etag")!);
    expect(none.status).toBe(304);
    expect(Date.now() - idle).toBeGreaterThanOrEqual(900);
    expect(consumers.waiting()).toBe(0);
  });

  it("another process's release (no in-process signal) is seen through the once-a-second check", async () => {
    const t = await issue("cross", ["config:read:rates"]);
    const etag = (await get(t.token)).headers.get("etag")!;
    const pending = get(t.token, "?wait=10", etag);
    await until(() => consumers.waiting() === 1);
    const started = Date.now();
    fake.release("rates", rec("0.0300"), { silent: true });
    const r = await pending;
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("gray: the named consumer gets the gray release, others keep the full one", async () => {
    const canary = await issue("canary", ["config:read:rates"], ["canary"]);
    const plain = await issue("plain", ["config:read:rates"]);
    const etag = (await get(canary.token)).headers.get("etag")!;
    const pending = get(canary.token, "?wait=10", etag);
    await until(() => consumers.waiting() === 1);
    fake.release("rates", rec("0.0400"), { grayTo: ["canary"] });
    const r = await pending;
    expect(((await r.json()) as { data: { gray: boolean } }).data.gray).toBe(true);
    const p = (await (await get(plain.token)).json()) as { data: { gray: boolean; records: Array<{ values: { rate: string } }> } };
    expect([p.data.gray, p.data.records[0]!.values.rate]).toEqual([false, "0.0300"]);
    fake.release("rates", rec("0.0400"));
  });

  it("caps held long-polls (503 + Retry-After) and lets go of a poll whose client went away", async () => {
    const t = await issue("many", ["config:read:rates"]);
    const etag = (await get(t.token)).headers.get("etag")!;
    const aborts = [new AbortController(), new AbortController(), new AbortController()];
    const held = aborts.map((a) => Promise.resolve(get(t.token, "?wait=30", etag, a.signal)).catch(() => null));
    await until(() => consumers.waiting() === 3);
    const refused = await get(t.token, "?wait=30", etag);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    for (const a of aborts) a.abort();
    await until(() => consumers.waiting() === 0);
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
    const { release } = fake.release("rates", rec("0.0500"));
    await get(t.token);
    expect(Number((await seenAt()).release_no)).toBe(release);
    s.clock.advance(31_000);
    await get(t.token);
    expect((await seenAt()).last_seen_at).toBe(s.clock.now().toISOString());
    const list = await s.req("GET", "/api/v1/config/tables/rates/consumers?sort=name", { token: admin });
    expect(list.body.data.items.find((c: { name: string }) => c.name === "tracked")).toMatchObject({ labels: ["blue"], release, token_id: t.id });
  });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
