import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configApi } from "../modules/config/config.testkit.ts";
import { jobsApi, shellJob } from "../modules/jobs/jobs.testkit.ts";
import { SHARING_MODES, systemPair, type Pair } from "./pair.ts";

/**
 * The other live channels the PWA and consumers hold, across processes. They already work: each re-reads the store
 * when PostgreSQL NOTIFY says "run X changed" / "table T released" / "cancel run X", and a PostgreSQL store is what a
 * split deployment always has (with or without Redis). Process A runs the worker; B serves the followers.
 */
describe.each(SHARING_MODES)("run logs, cancels and config long-polls across processes (PostgreSQL, %s)", (mode) => {
  let pair: Pair;
  let dev: string;
  beforeAll(async () => {
    pair = await systemPair(mode);
    await pair.a.system.jobs.start({ worker: true, scheduler: false });
    dev = await pair.a.login("liuyang");
  });
  afterAll(async () => pair?.close());

  it("a log followed on B streams the lines A's worker writes while it runs, to the end", async () => {
    const ja = jobsApi(pair.a);
    const jb = jobsApi(pair.b);
    // the job waits for a file the test makes once B's stream has shown the first line: the rest can only reach B live
    const gate = join(tmpdir(), `ops-cross-gate-${process.pid}-${mode}`);
    rmSync(gate, { force: true });
    const command = `echo tick 1; while [ ! -f ${gate} ]; do sleep 0.05; done; echo tick 2; echo tick 3`;
    expect((await ja.create(dev, shellJob(`ticker-${mode}`, command))).status).toBe(201);
    const id = (await jb.run(dev, `ticker-${mode}`)).body.data.id as string;
    const res = await pair.b.system.app.request(`/api/v1/runs/${id}/log?follow=1`, { headers: { authorization: `Bearer ${dev}` } });
    const events = sseEvents(res);
    const lines: string[] = [];
    let end: { id: string; status: string } | undefined;
    for await (const e of events) {
      if (e.event === "log") lines.push(...(JSON.parse(e.data) as { text: string }).text.trim().split("\n"));
      if (lines.includes("tick 1")) writeFileSync(gate, "");
      if (e.event === "end") end = JSON.parse(e.data) as typeof end;
      if (end) break;
    }
    rmSync(gate, { force: true });
    expect(lines.filter((l) => l.startsWith("tick"))).toEqual(["tick 1", "tick 2", "tick 3"]);
    expect(end).toMatchObject({ id, status: "succeeded" });
  });

  it("a cancel asked of B stops the run A's worker is running", async () => {
    const ja = jobsApi(pair.a);
    const jb = jobsApi(pair.b);
    expect((await ja.create(dev, shellJob(`long-${mode}`, "echo started; sleep 30"))).status).toBe(201);
    const id = (await ja.run(dev, `long-${mode}`)).body.data.id as string;
    await ja.waitFor(id, ["running"]);
    expect((await jb.api("POST", `/runs/${id}/cancel`, dev)).status).toBe(200);
    expect(await ja.waitFor(id, ["cancelled", "failed", "succeeded"])).toMatchObject({ status: "cancelled" });
  });

  it("a consumer long-polling B hears a release made through A", async () => {
    const admin = await pair.a.login("admin");
    const table = `fx_${mode}`;
    const ca = configApi(pair.a);
    expect((await ca.createTable(admin, {
      name: table, display_name: "汇率", key_field: "code", needs_approval: false,
      fields: [{ key: "code", type: "text", label: "代码", required: true, unique: true }, { key: "rate", type: "decimal", label: "汇率", scale: 4 }],
    })).status).toBe(201);
    expect((await ca.create(admin, table, { code: "cny", rate: "7.1000" }, "首个汇率")).status).toBe(201);
    const token = (await pair.a.req("POST", "/api/v1/api-tokens", { token: admin, body: { name: `fx-app-${mode}`, scopes: [`config:read:${table}`] } })).body.data.token as string;
    const get = (etag?: string, wait = "") => pair.b.system.app.request(`/api/v1/config/${table}/published${wait}`, {
      headers: { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) },
    });
    const first = await get();
    const etag = first.headers.get("etag")!;
    const pending = get(etag, "?wait=20");
    expect((await ca.update(admin, table, "cny", { rate: "7.2000" }, "调整汇率")).status).toBe(200);
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: { records: Array<{ values: { rate: string } }> } }).data.records[0]!.values.rate).toBe("7.2000");
  });
});

/** The events of an SSE response as they arrive (keep-alive comments skipped). */
async function* sseEvents(res: Response): AsyncGenerator<{ event: string; data: string }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const lines = buffer.slice(0, cut).split("\n").filter((l) => !l.startsWith(":"));
        buffer = buffer.slice(cut + 2);
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trimStart();
        if (lines.length) yield { event: field("event") ?? "message", data: field("data") ?? "" };
      }
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
