/**
 * Config push: how long from a release to EVERY consumer having it. The OPS server runs as a child
 * process (SQLite in a temp dir; DATABASE_URL=postgres://… for PostgreSQL, a database of its own that
 * is dropped afterwards). A table without approval is made through the API; each release is a PATCH of
 * one record (the write is released in full at once). Two rows, each over --releases releases, the next
 * release only once every consumer has the previous one:
 *
 *   1. baseline: --consumers consumers polling `GET /api/v1/config/<table>/published` every second
 *      (If-None-Match, no wait): what a consumer without push gets;
 *   2. long-poll: the same number of consumers of the shared package's client (createConfigClient:
 *      If-None-Match + `?wait=30`).
 *
 * Latency = from sending the PATCH to the consumer holding the new release (so the write itself is in
 * it). Prints p50/p99/max per row and the ratio of the long-poll's p99 to the baseline's; the goal is
 * p99 < 1 s for the long-poll. Exits 1 when a consumer never gets a release. The consumers share the
 * machine (2 cores) with the server: compare ratios, not absolutes. Not a test:
 *
 *   bun scripts/bench/config-push.ts [--consumers 100] [--releases 20]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bun scripts/bench/config-push.ts
 */
import { parseArgs } from "node:util";
import { createConfigClient, type ConfigClient } from "@ops/shared/clients/config.ts";
import { benchDatabase } from "./proc.ts";
import { BENCH_ADMIN_PASSWORD, startOps, type Server } from "./servers.ts";
import { summarize, type Summary } from "./stats.ts";

const { values: args } = parseArgs({ options: { consumers: { type: "string", default: "100" }, releases: { type: "string", default: "20" } } });
const CONSUMERS = Number(args.consumers);
const RELEASES = Number(args.releases);
const TARGET_P99_MS = 1000;
const SEEN_TIMEOUT_MS = 15_000;
const POLL_EVERY_MS = 1000;
const TABLE = "bench-rates";

async function call(server: Server, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { data?: any };
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.data;
}

async function setup(server: Server): Promise<{ admin: string; token: string }> {
  const admin = await signIn(server);
  await call(server, admin, "POST", "/config/tables", {
    name: TABLE, display_name: "压测费率", key_field: "code", needs_approval: false,
    fields: [{ key: "code", type: "text", label: "代码", required: true, unique: true }, { key: "rate", type: "text", label: "费率" }],
  });
  await call(server, admin, "POST", `/config/tables/${TABLE}/records`, { values: { code: "cny", rate: "r0" }, reason: "bench: first value" });
  const token = (await call(server, admin, "POST", "/api-tokens", { name: `bench-${process.pid}`, scopes: [`config:read:${TABLE}`] })).token as string;
  return { admin, token };
}

/** The first admin is created once the server has bound its port, just after /readyz answers: retry until then. */
async function signIn(server: Server): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: BENCH_ADMIN_PASSWORD }),
    });
    const body = (await res.json()) as { data?: { access_token?: string } };
    if (body.data?.access_token) return body.data.access_token;
    if (Date.now() > deadline) throw new Error(`admin sign-in failed: ${res.status} ${JSON.stringify(body)}`);
    await Bun.sleep(200);
  }
}

/** One consumer's view: the rate it holds and when it got each value. */
type Seen = { rate: string; at: Map<string, number> };

/** Releases one value after another; per release, each consumer's delay from the PATCH to holding it. */
async function releaseAll(server: Server, admin: string, seen: Seen[], round: string): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 1; i <= RELEASES; i++) {
    const rate = `${round}-${i}`;
    const sent = performance.now();
    await call(server, admin, "PATCH", `/config/tables/${TABLE}/records/cny`, { values: { rate }, reason: `bench ${rate}` });
    const deadline = Date.now() + SEEN_TIMEOUT_MS;
    while (seen.some((s) => !s.at.has(rate))) {
      if (Date.now() > deadline) throw new Error(`${round}: ${seen.filter((s) => !s.at.has(rate)).length} consumers never got ${rate}`);
      await Bun.sleep(5);
    }
    for (const s of seen) delays.push(s.at.get(rate)! - sent);
    // the long-polls are held again before the next release (a consumer that just got one asks again at once)
    await Bun.sleep(200 + Math.random() * 300);
  }
  return delays;
}

/** Baseline: plain polling once a second with If-None-Match, no wait. */
async function pollingRow(server: Server, admin: string, token: string): Promise<Summary> {
  const seen: Seen[] = Array.from({ length: CONSUMERS }, () => ({ rate: "", at: new Map() }));
  let running = true;
  const loops = seen.map(async (s, n) => {
    let etag = "";
    await Bun.sleep((n * POLL_EVERY_MS) / CONSUMERS); // spread over the second, as independent apps would be
    while (running) {
      const res = await fetch(`${server.url}/api/v1/config/${TABLE}/published`, { headers: { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) } });
      if (res.status === 200) {
        const body = (await res.json()) as { data: { records: Array<{ values: { rate: string } }> } };
        etag = res.headers.get("etag") ?? "";
        s.rate = body.data.records[0]!.values.rate;
        s.at.set(s.rate, performance.now());
      } else await res.arrayBuffer();
      await Bun.sleep(POLL_EVERY_MS);
    }
  });
  await Bun.sleep(POLL_EVERY_MS * 2);
  const delays = await releaseAll(server, admin, seen, "poll");
  running = false;
  await Promise.all(loops);
  return summarize(delays);
}

async function longPollRow(server: Server, admin: string, token: string): Promise<Summary> {
  const seen: Seen[] = Array.from({ length: CONSUMERS }, () => ({ rate: "", at: new Map() }));
  const clients: ConfigClient[] = seen.map((s, n) => {
    const client = createConfigClient({ baseUrl: server.url, token, table: TABLE, consumer: `bench-${n}`, waitS: 30 });
    client.onChange((p) => {
      s.rate = String(p.records[0]!.values.rate);
      s.at.set(s.rate, performance.now());
    });
    return client;
  });
  await Promise.all(clients.map((c) => c.start()));
  await Bun.sleep(500);
  try {
    return summarize(await releaseAll(server, admin, seen, "push"));
  } finally {
    for (const c of clients) c.stop();
  }
}

const row = (name: string, s: Summary, extra = "") =>
  `${name.padEnd(34)} ${String(s.n).padStart(5)} ${s.p50.toFixed(0).padStart(7)} ${s.p99.toFixed(0).padStart(7)} ${s.max.toFixed(0).padStart(7)}${extra}`;

async function main() {
  const pg = process.env.DATABASE_URL ? await benchDatabase(process.env.DATABASE_URL, `ops_bench_push_${process.pid}`) : null;
  const server = await startOps("ops", pg ? { DATABASE_URL: pg.url } : {});
  try {
    const { admin, token } = await setup(server);
    const polling = await pollingRow(server, admin, token);
    const push = await longPollRow(server, admin, token);
    console.log(`config push: ${CONSUMERS} consumers, ${RELEASES} releases, ${pg ? "PostgreSQL" : "SQLite"}; ms from the PATCH to each consumer holding the release`);
    console.log(`${"".padEnd(34)} ${"n".padStart(5)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"max".padStart(7)}`);
    console.log(row("baseline: poll every 1 s", polling));
    console.log(row("long-poll (config client, wait=30)", push, `   p99 ${(push.p99 / polling.p99).toFixed(2)}× baseline`));
    const ok = push.p99 < TARGET_P99_MS;
    console.log(`goal p99 < ${TARGET_P99_MS} ms: ${ok ? "met" : "NOT met"}`);
  } finally {
    await server.stop();
    await pg?.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
