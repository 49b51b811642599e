import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { dingtalkDriver, untilPosted, type Posted } from "./chat-drivers.ts";

/**
 * `/ops backfill <job> <from>..<to>` from DingTalk (stand-in + real SDK): the progress card is an
 * interactive card (it has Refresh), and the jobs engine updates it in place as each day's run ends
 * until it says done.
 */
describe("chat: a backfill's progress card follows its runs on DingTalk", () => {
  let h: BotHarness;
  let server: ReturnType<typeof Bun.serve>;
  const [alice] = dingtalkDriver.users;
  beforeAll(async () => {
    h = await startBotHarness({ ...dingtalkDriver.options, notify: true });
    // instant answers: the runs may all end before the card's ref is recorded (the bot reads it once more then)
    server = Bun.serve({ port: 0, fetch: () => Response.json({ ok: true }) });
    await h.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    server?.stop(true);
    await h?.close();
  });

  const until = (pred: (posted: Posted[]) => boolean, what: string, timeoutMs = 15_000) => untilPosted(dingtalkDriver, h, pred, what, timeoutMs);

  it("posts the backfill in progress and updates the same card to done, 3/3", async () => {
    await h.bind("dingtalk", alice, "liuyang");
    const dev = await h.login("liuyang");
    expect((await h.req("POST", "/api/v1/jobs", { token: dev, body: { name: "sync-ledger", type: "http", config: { url: `http://127.0.0.1:${server.port}/` } } })).status).toBe(201);
    const before = dingtalkDriver.posted(h).length;
    await dingtalkDriver.send(h, "补数 sync-ledger 2026-11-01..2026-11-03", alice);
    const isCard = (x: Posted) => x.content.includes("补数 sync-ledger");
    const card = (await until((p) => p.slice(before).some(isCard), "the backfill card")).slice(before).find(isCard)!;
    expect(card.ref.startsWith("webhook:")).toBe(false);
    expect(card.content).toContain("job.backfill_refresh");
    const done = (await until((p) => p.find((x) => x.ref === card.ref)!.content.includes("已完成 · 3/3"), "the card updated to done")).find((x) => x.ref === card.ref)!;
    expect(done.versions).toBeGreaterThan(card.versions);
    expect(done.content).toContain("成功 3 · 失败 0");
    const runs = (await h.req("GET", "/api/v1/runs?trigger=backfill", { token: dev })).body.data;
    expect(runs.total).toBe(3);
    const audit = await h.req("GET", "/api/v1/audit/logs?module=jobs&action=backfill", { token: await h.login("admin") });
    expect(audit.body.data.items[0]).toMatchObject({ actor_name: "liuyang", via: "dingtalk: 补数 sync-ledger 2026-11-01..2026-11-03" });
  });
});
