import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../../env.ts";
import { buildSystem, type System } from "../../../system.ts";
import type { Db } from "../../../platform/db/db.ts";
import { createLogger } from "../../../platform/logger.ts";
import { ADMIN_PASSWORD, ENGINES } from "../../../testing/harness.ts";
import { testDatabase, type TestDatabase } from "../../../testing/databases.ts";

/**
 * What one run costs the store, pinned so it cannot creep back: a manual run of an http job
 * through `POST /jobs/{id}/runs`, from the request to the run's queue job completed. The queue's
 * own statements (queue_jobs: reserve, complete, idle looks) are left out: how often an idle
 * worker looks depends on timing, and the queue is not the jobs engine's.
 */
const perRun = (engine: string) => [
  // the request: session, the job (by name, in the caller's scope), the run, the audit record and its chain head (PostgreSQL: one statement)
  "session", "job", "insert run", "audit", ...(engine === "postgres" ? [] : ["audit head"]),
  // the worker: the run and its job, queued → running (RETURNING the row for the hooks), its run event;
  // no chat card lookup: the row says has_cards 0 (no card was recorded for the run)
  "run", "job", "running", "notify",
  // one log flush for the whole short output, running → succeeded, its event, the alert episodes closed
  "log", "succeeded", "notify", "episodes",
];

describe.each(ENGINES)("jobs: store statements per run (%s)", (engine) => {
  const PER_RUN = perRun(engine);
  let db: TestDatabase;
  let system: System;
  /** PostgreSQL: a second process on the same store (the web role that records the bot's cards); SQLite (in memory here): this one */
  let other: System;
  let server: ReturnType<typeof Bun.serve>;
  /** requests to /hold wait for this */
  let hold = Promise.withResolvers<void>();
  let held = Promise.withResolvers<void>();
  let texts: string[] = [];
  let completed: ReturnType<typeof Promise.withResolvers<void>> | null = null;
  const note = (sql: string) => {
    if (/UPDATE queue_jobs SET state = 'completed'/.test(sql)) completed?.resolve();
    // the queue's own: its statements and its wake-up signal (a NOTIFY of its own when one went out within 20 ms)
    if (!/queue_jobs|NOTIFY ops_queue/.test(sql)) texts.push(sql.replace(/\s+/g, " ").slice(0, 80));
  };
  const req = async (method: string, path: string, token?: string, body?: unknown) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await system.app.request(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    db = await testDatabase(engine);
    const counted = (inner: Db): Db => ({
      ...inner,
      all: (sql, params) => (note(sql), inner.all(sql, params)),
      get: (sql, params) => (note(sql), inner.get(sql, params)),
      run: (sql, params) => (note(sql), inner.run(sql, params)),
      notify: (channel, payload) => (note(`NOTIFY ${channel}`), inner.notify(channel, payload)),
    });
    const env = parseEnv({
      OPS_ADMIN_PASSWORD: ADMIN_PASSWORD, OPS_DEMO: "0", OPS_SECRET_KEY: "test-secret-key-0123456789",
      OPS_DATA_DIR: "./.tmp/test-data", OPS_PWA_DIST: "./.tmp/no-pwa", OPS_DB_POOL_MAX: "3",
    });
    system = await buildSystem(env, { databaseUrl: db.url, logger: createLogger("silent"), metricsDefaults: false, wrapDb: counted });
    other = engine === "postgres" ? await buildSystem(env, { databaseUrl: db.url, logger: createLogger("silent"), metricsDefaults: false }) : system;
    server = Bun.serve({
      port: 0,
      fetch: async (r) => {
        if (new URL(r.url).pathname === "/hold") {
          held.resolve();
          await hold.promise;
        }
        return new Response(null, { status: 204 });
      },
    });
    await system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    server?.stop(true);
    if (other !== system) await other?.close();
    await system?.close();
    await db?.drop();
  });

  /** Statements of the second of two runs of `job` (the first warms what is cached per process: IAM versions). */
  async function costOfRun(token: string, job: string): Promise<string[]> {
    let sent: string[] = [];
    for (let i = 0; i < 2; i++) {
      texts = [];
      completed = Promise.withResolvers<void>();
      const r = await req("POST", `/jobs/${job}/runs`, token, { params: {} });
      expect(r.status).toBe(201);
      await completed.promise;
      sent = texts;
      texts = [];
      const run = await req("GET", `/runs/${r.body.data.id}`, token);
      expect(run.body.data.status).toBe("succeeded");
    }
    return sent;
  }

  it(`a manual http run costs ${PER_RUN.length} store statements besides the queue's, request included; with every alert rule off one less`, async () => {
    const login = await req("POST", "/auth/login", undefined, { username: "admin", password: ADMIN_PASSWORD });
    const token = login.body.data.access_token as string;
    const http = { type: "http", config: { method: "GET", url: `http://127.0.0.1:${server.port}/` }, timeout_s: 10 };
    expect((await req("POST", "/jobs", token, { name: "ping", ...http })).status).toBe(201);
    const sent = await costOfRun(token, "ping");
    expect(sent, sent.join("\n")).toHaveLength(PER_RUN.length);
    // no rule can fire: no alert episode to close
    const quiet = { on_failure: false, on_timeout: false, recipients: { users: [], roles: [], owner: true } };
    expect((await req("POST", "/jobs", token, { name: "quiet-ping", ...http, alerts: quiet })).status).toBe(201);
    const quietSent = await costOfRun(token, "quiet-ping");
    expect(quietSent, quietSent.join("\n")).toHaveLength(PER_RUN.length - 1);
    expect(quietSent.some((t) => t.includes("job_alert_episodes"))).toBe(false);
  });

  it("a card recorded for a running run, by another process, is refreshed at the run's next change", async () => {
    const token = (await req("POST", "/auth/login", undefined, { username: "admin", password: ADMIN_PASSWORD })).body.data.access_token as string;
    const job = { name: "held", type: "http", config: { method: "GET", url: `http://127.0.0.1:${server.port}/hold` }, timeout_s: 10 };
    expect((await req("POST", "/jobs", token, job)).status).toBe(201);
    const cardUpdates = async (runId: string) =>
      (await system.db.all<{ payload: string }>("SELECT payload FROM queue_jobs WHERE name = 'card.update'")).filter((r) => r.payload.includes(runId)).length;
    hold = Promise.withResolvers<void>();
    held = Promise.withResolvers<void>();
    completed = Promise.withResolvers<void>();
    const run = await req("POST", "/jobs/held/runs", token, { params: {} });
    await held.promise;
    // running, and no card yet: nothing to refresh
    expect(await cardUpdates(run.body.data.id)).toBe(0);
    const ref = { platform: "slack", chat_id: "C1", message_id: `m-${run.body.data.id}`, card_kind: "job-run", entity_type: "job_run", entity_id: run.body.data.id };
    const recorded = await other.app.request("/api/v1/im/messages", {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bot ${other.botKey}` }, body: JSON.stringify(ref),
    });
    expect(recorded.status).toBe(201);
    hold.resolve();
    await completed.promise;
    // the final change (running → succeeded) queued the card's update
    expect(await cardUpdates(run.body.data.id)).toBe(1);
  });
});
