import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { slackDriver, untilPosted, type Posted } from "./chat-drivers.ts";

/**
 * `/ops run <http job>` from Slack (stand-in + real SDK): the run card is posted queued and then
 * updated in place, through the jobs engine's status changes, until it says succeeded with its duration.
 */
describe("chat: a run's card follows the run on Slack", () => {
  let h: BotHarness;
  let server: ReturnType<typeof Bun.serve>;
  const [alice] = slackDriver.users;
  beforeAll(async () => {
    h = await startBotHarness({ ...slackDriver.options, notify: true });
    server = Bun.serve({ port: 0, fetch: async () => (await new Promise((r) => setTimeout(r, 300)), Response.json({ ok: true })) });
    await h.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    server?.stop(true);
    await h?.close();
  });

  const until = (pred: (posted: Posted[]) => boolean, what: string, timeoutMs = 10_000) => untilPosted(slackDriver, h, pred, what, timeoutMs);

  it("posts the run queued and updates the same message to succeeded with its duration", async () => {
    await h.bind("slack", alice, "liuyang");
    const dev = await h.login("liuyang");
    const created = await h.req("POST", "/api/v1/jobs", { token: dev, body: { name: "ping-crm", type: "http", config: { url: `http://127.0.0.1:${server.port}/health` } } });
    expect(created.status).toBe(201);
    const before = slackDriver.posted(h).length;
    expect((await slackDriver.send(h, "run ping-crm region=north", alice)).status).toBe(200);
    const card = (await until((p) => p.slice(before).some((x) => x.content.includes("ping-crm")), "the run card")).slice(before).find((x) => x.content.includes("ping-crm"))!;
    const done = (await until((p) => p.find((x) => x.ref === card.ref)!.content.includes("成功"), "the card updated to succeeded")).find((x) => x.ref === card.ref)!;
    expect(done.versions).toBeGreaterThan(card.versions);
    expect(done.content).toContain("耗时");
    expect(done.content).toContain("region=north");
    const runs = await h.req("GET", "/api/v1/runs?page_size=1", { token: dev });
    expect(runs.body.data.items[0]).toMatchObject({ job_name: "ping-crm", status: "succeeded", trigger: "chat", triggered_by_name: "liuyang" });
    const audit = await h.req("GET", `/api/v1/audit/logs?module=jobs&action=run`, { token: await h.login("admin") });
    expect(audit.body.data.items[0]).toMatchObject({ actor_name: "liuyang", via: "slack: run ping-crm region=north" });
  });
});
