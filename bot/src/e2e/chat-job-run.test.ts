import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { dingtalkDriver, feishuDriver, slackDriver, untilPosted, type ChatDriver, type Posted } from "./chat-drivers.ts";

/**
 * `/ops run <http job>` from each platform's stand-in (real SDKs): the run card is posted queued
 * and then updated in place (Slack chat.update, Feishu message patch, DingTalk interactive card
 * update) through the jobs engine's status changes, until it says succeeded with its duration;
 * `/ops runs` then lists the run.
 */
describe.each([slackDriver, feishuDriver, dingtalkDriver])("chat: a run's card follows the run on $platform", (driver: ChatDriver) => {
  let h: BotHarness;
  let server: ReturnType<typeof Bun.serve>;
  const [alice] = driver.users;
  beforeAll(async () => {
    h = await startBotHarness({ ...driver.options, notify: true });
    server = Bun.serve({ port: 0, fetch: async () => (await new Promise((r) => setTimeout(r, 300)), Response.json({ ok: true })) });
    await h.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    server?.stop(true);
    await h?.close();
  });

  const until = (pred: (posted: Posted[]) => boolean, what: string, timeoutMs = 10_000) => untilPosted(driver, h, pred, what, timeoutMs);

  it("posts the run queued, updates the same message to succeeded with its duration, and runs lists it", async () => {
    await h.bind(driver.platform, alice, "liuyang");
    const dev = await h.login("liuyang");
    const created = await h.req("POST", "/api/v1/jobs", { token: dev, body: { name: "ping-crm", type: "http", config: { url: `http://127.0.0.1:${server.port}/health` } } });
    expect(created.status).toBe(201);
    let before = driver.posted(h).length;
    expect((await driver.send(h, "run ping-crm region=north", alice)).status).toBe(200);
    const card = (await until((p) => p.slice(before).some((x) => x.content.includes("ping-crm")), "the run card")).slice(before).find((x) => x.content.includes("ping-crm"))!;
    expect(card.content).toContain("job.cancel");
    const done = (await until((p) => p.find((x) => x.ref === card.ref)!.content.includes("成功"), "the card updated to succeeded")).find((x) => x.ref === card.ref)!;
    expect(done.versions).toBeGreaterThan(card.versions);
    expect(done.content).toContain("耗时");
    expect(done.content).toContain("region=north");
    expect(done.content).not.toContain("job.cancel");
    const runs = await h.req("GET", "/api/v1/runs?page_size=1", { token: dev });
    expect(runs.body.data.items[0]).toMatchObject({ job_name: "ping-crm", status: "succeeded", trigger: "chat", triggered_by_name: "liuyang" });
    const audit = await h.req("GET", `/api/v1/audit/logs?module=jobs&action=run`, { token: await h.login("admin") });
    expect(audit.body.data.items[0]).toMatchObject({ actor_name: "liuyang", via: `${driver.platform}: run ping-crm region=north` });

    before = driver.posted(h).length;
    await driver.send(h, "runs ping-crm", alice);
    const list = (await until((p) => p.length > before, "the runs list")).at(-1)!;
    expect(list.content).toContain("作业 ping-crm 的最近运行");
    expect(list.content).toContain("成功");
  });
});
