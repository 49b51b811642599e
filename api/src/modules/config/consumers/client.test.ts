import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigPublished } from "@ops/shared/contracts/config.ts";
import { createConfigClient, type ConfigCache, type ConfigClientError } from "@ops/shared/clients/config.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { configApi } from "../config.testkit.ts";

/** The shared package's client against a test system served over real HTTP (Bun.serve of the app). */
describe.each(ENGINES)("config client over HTTP (%s)", (engine) => {
  let s: TestSystem;
  let admin = "";
  let server: ReturnType<typeof Bun.serve>;
  let port = 0;
  let token = "";
  const serve = () => Bun.serve({ port, hostname: "127.0.0.1", fetch: (req) => s.system.app.fetch(req), idleTimeout: 120 });
  const waiting = () => s.system.configConsumers.waiting();
  /** a write to a table without approval is released in full at once */
  async function release(rate: string) {
    expect((await configApi(s).update(admin, "rates", "cny", { rate }, `费率 ${rate}`)).status).toBe(200);
  }

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    admin = await s.login("admin");
    const c = configApi(s);
    const fields = [{ key: "code", type: "text", label: "代码", required: true, unique: true }, { key: "rate", type: "decimal", label: "费率", scale: 4 }];
    expect((await c.createTable(admin, { name: "rates", display_name: "费率", key_field: "code", needs_approval: false, fields })).status).toBe(201);
    for (const code of ["cny", "usd"]) expect((await c.create(admin, "rates", { code, rate: code === "cny" ? "0.0100" : "0.0300" })).status).toBe(201);
    token = (await s.req("POST", "/api/v1/api-tokens", { token: admin, body: { name: "client", scopes: ["config:read:rates"] } })).body.data.token;
    server = serve();
    port = server.port!;
  });
  afterAll(async () => {
    await server?.stop(true);
    await s?.close();
  });

  it("sees a release within a second, serves the last good copy while the server is down (also from its cache), resumes", { timeout: 30_000 }, async () => {
    let saved: string | null = null;
    const cache: ConfigCache = { read: async () => saved, write: async (text) => void (saved = text) };
    const errors: ConfigClientError[] = [];
    const base = { baseUrl: `http://127.0.0.1:${port}`, token, table: "rates", waitS: 5, backoff: { minMs: 50, maxMs: 200 }, cache };
    const client = createConfigClient({ ...base, onError: (e) => errors.push(e) });
    await client.start();
    expect(client.get("cny")).toEqual({ code: "cny", rate: "0.0100" });
    expect(client.source()).toBe("server");

    const changes: ConfigPublished[] = [];
    client.onChange((p) => changes.push(p));
    await until(() => waiting() === 1);
    const at = Date.now();
    await release("0.0200");
    await until(() => client.get("cny")?.rate === "0.0200");
    expect(Date.now() - at).toBeLessThan(1000);
    expect(changes).toHaveLength(1);
    expect(JSON.parse(saved!).published.release).toBe(changes[0]!.release);

    // the server goes away: the copy in hand stays, errors are reported, retries back off
    await server.stop(true);
    await until(() => errors.length >= 2);
    expect(client.get("cny")?.rate).toBe("0.0200");
    expect(client.all()).toHaveLength(2);

    // a consumer starting while the server is down serves the cached copy
    const cold = createConfigClient({ ...base });
    await cold.start();
    expect([cold.source(), cold.get("cny")?.rate]).toEqual(["cache", "0.0200"]);

    // the server is back: both resume and see the next release
    server = serve();
    await release("0.0300");
    await until(() => client.get("cny")?.rate === "0.0300" && cold.get("cny")?.rate === "0.0300", 5000);
    expect(cold.source()).toBe("server");
    client.stop();
    cold.stop();
    await until(() => waiting() === 0);
  });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
