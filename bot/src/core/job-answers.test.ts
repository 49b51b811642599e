import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/** run / runs / pause / resume through the web console: the same API, RBAC and audit as the web. */
let h: BotHarness;
let server: ReturnType<typeof Bun.serve>;
beforeAll(async () => {
  h = await startBotHarness();
  server = Bun.serve({ port: 0, fetch: () => Response.json({ ok: true }) });
  await h.system.jobs.start({ worker: true, scheduler: false });
});
afterAll(async () => {
  server?.stop(true);
  await h?.close();
});

const say = async (token: string, text: string, lang = "zh-CN") =>
  (await h.req("POST", `/api/v1/chat/commands?lang=${lang}`, { token, body: { text } })).body.data.cards as Array<{ header: { title: string; subtitle?: string }; blocks: unknown[] }>;

describe("chat: jobs", () => {
  it("runs a job with params, lists its runs, pauses and resumes it; refuses what the caller may not do", async () => {
    const dev = await h.login("liuyang");
    const created = await h.req("POST", "/api/v1/jobs", { token: dev, body: { name: "ping-erp", type: "http", config: { url: `http://127.0.0.1:${server.port}/` }, schedule: { cron: "0 0 2 * * *" } } });
    expect(created.status).toBe(201);

    const [card] = await say(dev, "运行 ping-erp region=华东");
    expect(card!.header).toMatchObject({ title: "任务 ping-erp", subtitle: expect.stringContaining("排队中") });
    const text = JSON.stringify(card);
    expect(text).toContain("region=华东");
    // the web console speaks with the user's own session: a manual run (chat platforms record `chat`)
    expect(text).toContain("手动 · liuyang");
    const runId = /运行 (\S+)/.exec(card!.header.subtitle!)![1]!;
    const run = await h.system.jobs.runs.waitFinal(runId, 10_000).then(() => h.req("GET", `/api/v1/runs/${runId}`, { token: dev }));
    expect(run.body.data).toMatchObject({ status: "succeeded", trigger: "manual", params: { region: "华东" } });

    const [runs] = await say(dev, "runs ping-erp");
    expect(runs!.header.title).toBe("作业 ping-erp 的最近运行");
    expect(JSON.stringify(runs!.blocks)).toContain("成功");

    const [paused] = await say(dev, "暂停 ping-erp");
    expect(paused!.header.title).toBe("作业 ping-erp 已暂停");
    expect((await h.req("GET", "/api/v1/jobs/ping-erp", { token: dev })).body.data.status).toBe("paused");
    const [resumed] = await say(dev, "resume ping-erp", "en");
    expect(resumed!.header.title).toBe("Job ping-erp resumed");
    expect(JSON.stringify(resumed)).toContain("Next fire:");

    // 运营专员 may run jobs but not pause them; a job outside her data scope is not found
    const lina = await h.login("lina");
    expect(JSON.stringify(await say(lina, "pause ping-erp"))).toContain("jobs:manage");
    expect(JSON.stringify(await say(lina, "run ping-erp"))).toContain("作业不存在");
    const [unknown] = await say(dev, "run no-such-job");
    expect(JSON.stringify(unknown)).toContain("作业不存在");
  });
});

describe("chat: run card buttons", () => {
  it("取消运行 cancels and turns the card into the cancelled run; 重试 starts a new run with the same params", async () => {
    const dev = await h.login("liuyang");
    await h.req("POST", "/api/v1/jobs", { token: dev, body: { name: "long-export", type: "shell", config: { command: "sleep 30" } } });
    const [card] = await say(dev, "run long-export month=2026-11");
    const runId = /运行 (\S+)/.exec(card!.header.subtitle!)![1]!;
    const click = (action: string) => h.req("POST", "/api/v1/chat/actions", { token: dev, body: { action, value: { run_id: runId } } });
    const cancelled = await click("job.cancel");
    expect(cancelled.body.data.update.header.subtitle).toContain("已取消");
    const retried = await click("job.retry");
    const again = retried.body.data.cards[0];
    expect(again.header.subtitle).toContain("排队中");
    const newId = /运行 (\S+)/.exec(again.header.subtitle)![1]!;
    expect(newId).not.toBe(runId);
    const run = (await h.req("GET", `/api/v1/runs/${newId}`, { token: dev })).body.data;
    expect(run).toMatchObject({ trigger: "retry", params: { month: "2026-11" } });
    await h.req("POST", `/api/v1/runs/${newId}/cancel`, { token: dev });
  });
});
