import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/** backfill through the web console: the same API, RBAC, data scopes and errors as the web. */
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

type WebCard = { header: { title: string; subtitle?: string }; blocks: Array<{ type: string; buttons?: Array<{ action?: string; value?: Record<string, string> }> }> };
const say = async (token: string, text: string, lang = "zh-CN") =>
  (await h.req("POST", `/api/v1/chat/commands?lang=${lang}`, { token, body: { text } })).body.data.cards as WebCard[];

describe("chat: backfill", () => {
  it("starts one run per day and answers a progress card; its Refresh shows the backfill done", async () => {
    const dev = await h.login("liuyang");
    expect((await h.req("POST", "/api/v1/jobs", { token: dev, body: { name: "sync-orders", type: "http", config: { url: `http://127.0.0.1:${server.port}/` } } })).status).toBe(201);

    // a time names its day: three days, three runs
    const [card] = await say(dev, "补数 sync-orders 2026-11-01T08:00..2026-11-03");
    expect(card!.header).toMatchObject({ title: "补数 sync-orders", subtitle: "进行中 · 0/3" });
    expect(JSON.stringify(card)).toContain("2026-11-01 至 2026-11-03");
    const refresh = card!.blocks.flatMap((b) => b.buttons ?? []).find((b) => b.action === "job.backfill_refresh")!;
    expect(refresh.value).toMatchObject({ backfill_id: expect.any(String) });

    const runs = (await h.req("GET", "/api/v1/runs?trigger=backfill&page_size=10", { token: dev })).body.data.items as Array<{ id: string; biz_date: string }>;
    expect(runs.map((r) => r.biz_date).sort()).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
    for (const r of runs) await h.system.jobs.runs.waitFinal(r.id, 10_000);

    const clicked = await h.req("POST", "/api/v1/chat/actions", { token: dev, body: { action: refresh.action, value: refresh.value } });
    const done = clicked.body.data.update as WebCard;
    expect(done.header).toMatchObject({ title: "补数 sync-orders", subtitle: "已完成 · 3/3" });
    expect(JSON.stringify(done)).toContain("成功 3 · 失败 0");
    expect(JSON.stringify(done)).not.toContain("job.backfill_refresh");

    const [en] = await say(dev, "backfill sync-orders 2026-10-01 2026-10-01", "en");
    expect(en!.header.title).toBe("Backfill sync-orders");
  });

  it("answers the API's errors and refuses what the caller may not do", async () => {
    const dev = await h.login("liuyang");
    await h.req("POST", "/api/v1/jobs", { token: dev, body: { name: "sync-stock", type: "http", config: { url: `http://127.0.0.1:${server.port}/` } } });
    const before = (await h.req("GET", "/api/v1/runs?trigger=backfill", { token: dev })).body.data.total;
    // more than a year of days: the API names the field and stores nothing
    expect(JSON.stringify(await say(dev, "backfill sync-stock 2024-01-01..2026-01-01"))).toContain("一次最多补 366 天");
    expect((await h.req("GET", "/api/v1/runs?trigger=backfill", { token: dev })).body.data.total).toBe(before);
    expect(JSON.stringify(await say(dev, "backfill sync-stock 2026-11-03..2026-11-01"))).toContain("时间范围不对");
    expect(JSON.stringify(await say(dev, "backfill no-such-job 2026-11-01..2026-11-02"))).toContain("作业不存在");
    // 运营主管 may backfill, but only jobs of 运营中心 and below: liuyang's (技术部) is not found for him
    expect(JSON.stringify(await say(await h.login("zhangwei"), "backfill sync-stock 2026-11-01..2026-11-02"))).toContain("作业不存在");
    // 运营专员 may run jobs, not backfill them
    expect(JSON.stringify(await say(await h.login("lina"), "backfill sync-stock 2026-11-01..2026-11-02"))).toContain("jobs:manage");
  });
});
