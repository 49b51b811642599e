import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { jobsApi, shellJob } from "../jobs.testkit.ts";

/** Whether any process of the group still exists. */
const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};
const pidIn = (log: string) => Number(/pid (\d+)/.exec(log)?.[1]);
/** Signalled processes take a moment to be reaped; there is no event for "the group is gone", so look for up to 2 s. */
async function groupGone(pgid: number): Promise<boolean> {
  for (let i = 0; i < 100 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 20));
  return !groupAlive(pgid);
}

describe.each(ENGINES)("jobs: runs, runners, retries, cancel, concurrency (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  let server: ReturnType<typeof Bun.serve>;
  let dir: string;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    for (const u of ["admin", "lina", "liuyang"]) tok[u] = await s.login(u);
    dir = mkdtempSync(join(tmpdir(), "ops-jobs-test-"));
    server = Bun.serve({
      port: 0,
      async fetch(req) {
        const url = new URL(req.url);
        await new Promise((r) => setTimeout(r, 30));
        if (url.pathname === "/ok") return Response.json({ data: { status: "ok", day: url.searchParams.get("day") }, method: req.method, body: await req.text() });
        return Response.json({ data: { status: "degraded" } }, { status: url.pathname === "/down" ? 503 : 200 });
      },
    });
    await s.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    server?.stop(true);
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs an http job against a local server: succeeded, with duration, status, resolved placeholders and the body in the log", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    await j.create(tok.liuyang!, {
      name: "sync-orders", type: "http", timeout_s: 10,
      config: { method: "POST", url: `${base}/ok?day={bizDate}`, body: { run: "{runId}" }, expect_status: 200, json_path_check: { path: "$.data.status", equals: "ok" } },
    });
    const r = await j.run(tok.liuyang!, "sync-orders", { note: "手动" });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ status: "queued", trigger: "manual", triggered_by_name: "liuyang", attempt: 1, params: { note: "手动" } });
    const done = await j.waitFor(r.body.data.id, ["succeeded", "failed"]);
    expect(done).toMatchObject({ status: "succeeded", http_status: 200, attempt: 1, error: null });
    expect(done.duration_ms).toBeGreaterThanOrEqual(25);
    const log = await j.log(tok.liuyang!, done.id);
    const bizDate = new Date(s.clock.now().getTime() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    expect(log).toContain(`"day":"${bizDate}"`);
    expect(log).toContain(`{\\"run\\":\\"${done.id}\\"}`);

    // a bizDate param sets the run's data day; a malformed one is refused before anything is queued
    const dated = await j.waitFor((await j.run(tok.liuyang!, "sync-orders", { bizDate: "2026-01-15" })).body.data.id, ["succeeded", "failed"]);
    expect(dated.biz_date).toBe("2026-01-15");
    expect(await j.log(tok.liuyang!, dated.id)).toContain('"day":"2026-01-15"');
    const bad = await j.run(tok.liuyang!, "sync-orders", { bizDate: "15/01/2026" });
    expect(bad.body.errors).toEqual([{ field: "params.bizDate", message: "bizDate 须为 yyyy-MM-dd 格式的日期" }]);

    await j.create(tok.liuyang!, { name: "probe-degraded", type: "http", config: { url: `${base}/degraded`, json_path_check: { path: "$.data.status", equals: "ok" } } });
    const degraded = await j.waitFor((await j.run(tok.liuyang!, "probe-degraded")).body.data.id, ["succeeded", "failed"]);
    expect(degraded).toMatchObject({ status: "failed", http_status: 200, error: '$.data.status is "degraded", expected "ok"' });
    await j.create(tok.liuyang!, { name: "probe-down", type: "http", config: { url: `${base}/down` } });
    const down = await j.waitFor((await j.run(tok.liuyang!, "probe-down")).body.data.id, ["succeeded", "failed"]);
    expect(down).toMatchObject({ status: "failed", http_status: 503, error: "unexpected status 503" });

    const listed = await j.api("GET", `/runs?job_id=${done.job_id}&status=succeeded&trigger=manual`, tok.liuyang);
    expect(listed.body.data.items.map((x: { id: string }) => x.id).sort()).toEqual([done.id, dated.id].sort());
    expect((await j.api("GET", "/runs?status=succeeded,done", tok.liuyang)).body.errors).toEqual([
      { field: "status", message: "不是可选的值（可选：queued, running, succeeded, failed, timed_out, cancelled, skipped）" },
    ]);
    // lina's data scope (运营一部) does not reach 技术部's runs
    expect((await j.api("GET", `/runs/${done.id}`, tok.lina)).status).toBe(404);
  });

  it("retries a failing shell job with exponential backoff (+ at most 10% jitter), then fails with its exit code", async () => {
    await j.create(tok.liuyang!, shellJob("flaky", "echo trying; exit 3", { retries: { count: 2, backoff: { type: "exponential", delay_ms: 1000 } } }));
    const id = (await j.run(tok.liuyang!, "flaky")).body.data.id;
    for (const [attempt, base] of [[2, 1000], [3, 2000]] as const) {
      const waiting = await j.waitUntil(id, (r) => r.attempt === attempt && r.status === "queued");
      const delay = Date.parse(waiting.next_attempt_at!) - s.clock.now().getTime();
      expect(delay).toBeGreaterThanOrEqual(base);
      expect(delay).toBeLessThanOrEqual(base * 1.1);
      expect(waiting).toMatchObject({ exit_code: 3, error: "exit code 3" });
      // not before its time: the attempt stays queued until the clock reaches it
      j.advance(delay - 5);
      expect((await j.getRun(tok.liuyang!, id)).status).toBe("queued");
      j.advance(5);
    }
    const final = await j.waitFor(id, ["failed"]);
    expect(final).toMatchObject({ status: "failed", attempt: 3, max_attempts: 3, exit_code: 3, next_attempt_at: null });
    const log = await j.log(tok.liuyang!, id);
    expect(log.match(/trying/g)).toHaveLength(3);
    expect(log).toContain("retry 2/3 in");
    expect(log).toContain("retry 3/3 in");
  });

  it("kills the whole process tree on timeout: a child that would write a file later never does", async () => {
    const mark = join(dir, "late-write");
    await j.create(tok.liuyang!, shellJob("slow-tree", `echo "pid $$"; (sleep 1.5; touch ${mark}) & sleep 30`, { timeout_s: 1 }));
    const id = (await j.run(tok.liuyang!, "slow-tree")).body.data.id;
    const run = await j.waitFor(id, ["timed_out", "failed", "succeeded"]);
    expect(run).toMatchObject({ status: "timed_out", error: "timed out after 1 s" });
    expect(run.duration_ms).toBeLessThan(5_000);
    const pgid = pidIn(await j.log(tok.liuyang!, id));
    expect(pgid).toBeGreaterThan(0);
    expect(await groupGone(pgid)).toBe(true);
    // past the moment the child would have written
    await new Promise((r) => setTimeout(r, 1_000));
    expect(existsSync(mark)).toBe(false);
  });

  it("cancels a running shell job (process group killed) and a queued one, audited", async () => {
    await j.create(tok.liuyang!, shellJob("long-task", `echo "pid $$"; sleep 30`));
    const id = (await j.run(tok.liuyang!, "long-task")).body.data.id;
    await j.waitUntil(id, (r) => r.status === "running");
    let pgid = 0;
    while (!pgid) {
      // the pid line is flushed within 200 ms; wait for the log event that carries it
      await j.waitUntil(id, () => true, 1_000).catch(() => {});
      pgid = pidIn(await j.log(tok.liuyang!, id));
      if (!pgid) await new Promise((r) => setTimeout(r, 50));
    }
    const cancelled = await j.api("POST", `/runs/${id}/cancel`, tok.liuyang);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({ status: "cancelled", reason: "jobs.cancelled" });
    expect(await groupGone(pgid)).toBe(true);
    expect((await j.api("POST", `/runs/${id}/cancel`, tok.liuyang)).status).toBe(409);
    const audit = await j.api("GET", `/audit/logs?module=jobs&resource_id=${id}`, tok.admin);
    expect(audit.body.data.items[0]).toMatchObject({ action_name: "取消作业运行", actor_name: "liuyang" });
  });

  it("forbid skips a run while one runs; replace cancels the running one", async () => {
    await j.create(tok.liuyang!, shellJob("no-overlap", "sleep 30", { concurrency: "forbid" }));
    const first = (await j.run(tok.liuyang!, "no-overlap")).body.data.id;
    await j.waitFor(first, ["running"]);
    const second = (await j.run(tok.liuyang!, "no-overlap")).body.data.id;
    const skipped = await j.waitFor(second, ["skipped", "running"]);
    expect(skipped).toMatchObject({ status: "skipped", reason: "jobs.skipped_overlap" });
    expect(skipped.error).toContain(first);
    await j.api("POST", `/runs/${first}/cancel`, tok.liuyang);

    await j.create(tok.liuyang!, shellJob("latest-wins", "sleep 30", { concurrency: "replace" }));
    const old = (await j.run(tok.liuyang!, "latest-wins")).body.data.id;
    await j.waitFor(old, ["running"]);
    const newer = (await j.run(tok.liuyang!, "latest-wins")).body.data.id;
    expect(await j.waitFor(old, ["cancelled", "failed", "succeeded"])).toMatchObject({ status: "cancelled", reason: "jobs.replaced" });
    expect((await j.waitFor(newer, ["running", "failed"])).status).toBe("running");
    expect((await j.api("POST", `/runs/${newer}/cancel`, tok.liuyang)).body.data.status).toBe("cancelled");
  });

  it("runs read-only SQL against the store and TypeScript scripts with params in env", async () => {
    await j.create(tok.liuyang!, { name: "count-users", type: "sql", config: { statement: "SELECT COUNT(*) AS n FROM users" } });
    const ok = await j.waitFor((await j.run(tok.liuyang!, "count-users")).body.data.id, ["succeeded", "failed"]);
    expect(ok.status).toBe("succeeded");
    expect(ok.output).toMatch(/^1 row\(s\) \[\{"n":"?\d+"?\}\]/);
    const users = await j.count("users");
    await j.create(tok.liuyang!, { name: "sneaky-write", type: "sql", config: { statement: "DELETE FROM users" } });
    const refused = await j.waitFor((await j.run(tok.liuyang!, "sneaky-write")).body.data.id, ["succeeded", "failed"]);
    expect(refused.status).toBe("failed");
    expect(refused.error).toMatch(/read-only|readonly/i);
    expect(await j.count("users")).toBe(users);

    await j.create(tok.liuyang!, { name: "hello-ts", type: "script", params: { who: "李娜" }, config: { language: "typescript", source: "const who: string = process.env.OPS_PARAM_WHO ?? '';\nconsole.log(`hi ${who} ${process.env.OPS_BIZ_DATE}`);" } });
    const script = await j.waitFor((await j.run(tok.liuyang!, "hello-ts")).body.data.id, ["succeeded", "failed"]);
    expect(script).toMatchObject({ status: "succeeded", exit_code: 0 });
    expect(await j.log(tok.liuyang!, script.id)).toMatch(/hi 李娜 \d{4}-\d{2}-\d{2}/);
  });

  it("follows a log over SSE until the run ends", async () => {
    await j.create(tok.liuyang!, shellJob("ticker", "for i in 1 2 3; do echo tick $i; sleep 0.2; done"));
    const id = (await j.run(tok.liuyang!, "ticker")).body.data.id;
    const res = await s.system.app.request(`/api/v1/runs/${id}/log?follow=1`, { headers: { authorization: `Bearer ${tok.liuyang}` } });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    expect(text).toContain("tick 1");
    expect(text).toContain("tick 3");
    const end = /event: end\ndata: (.*)\n/.exec(text);
    expect(JSON.parse(end![1]!)).toMatchObject({ id, status: "succeeded" });

    // EventSource cannot send Authorization: a one-use ticket bound to this run opens the same stream
    const ticket = (await j.api("POST", `/runs/${id}/log-tickets`, tok.liuyang)).body.data.ticket as string;
    const streamed = await s.system.app.request(`/api/v1/runs/${id}/log/stream?ticket=${encodeURIComponent(ticket)}`);
    expect(streamed.status).toBe(200);
    expect(await streamed.text()).toContain("event: end");
    expect((await s.system.app.request(`/api/v1/runs/${id}/log/stream?ticket=${encodeURIComponent(ticket)}`)).status).toBe(401);
    const other = (await j.run(tok.liuyang!, "ticker")).body.data.id;
    const forOther = (await j.api("POST", `/runs/${other}/log-tickets`, tok.liuyang)).body.data.ticket as string;
    expect((await s.system.app.request(`/api/v1/runs/${id}/log/stream?ticket=${encodeURIComponent(forOther)}`)).status).toBe(401);
    expect((await j.api("POST", `/runs/${id}/log-tickets`, tok.lina)).status).toBe(404);
    expect((await s.system.app.request(`/api/v1/runs/${id}/log/stream`)).status).toBe(401);
    // a bearer token works too, within the reader's scope
    expect((await s.system.app.request(`/api/v1/runs/${id}/log/stream`, { headers: { authorization: `Bearer ${tok.lina}` } })).status).toBe(404);
    expect((await s.system.app.request(`/api/v1/runs/${id}/log/stream?access_token=${tok.liuyang}`)).status).toBe(401);
  });
});
