import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { slackDriver, untilPosted, type Posted } from "./chat-drivers.ts";

/**
 * A failing job's alert reaches its owner on Slack (stand-in + real SDK) as a job-alert card
 * through the notification center; its 重试 button starts a new run as the clicker, and
 * 暂停任务 pauses the job through the API (jobs:manage and data scope: lina may not).
 */
describe("chat: a job alert card on Slack", () => {
  let h: BotHarness;
  const [alice, bob] = slackDriver.users;
  beforeAll(async () => {
    h = await startBotHarness({ ...slackDriver.options, notify: true });
    await h.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  const until = (pred: (posted: Posted[]) => boolean, what: string, timeoutMs = 15_000) => untilPosted(slackDriver, h, pred, what, timeoutMs);

  it("posts one alert card with Retry / View log / Pause job; Retry runs it again, Pause is refused to lina and works for the owner", async () => {
    await h.bind("slack", alice, "liuyang");
    await h.bind("slack", bob, "lina");
    const dev = await h.login("liuyang");
    const created = await h.req("POST", "/api/v1/jobs", { token: dev, body: { name: "export-ledger", type: "shell", config: { command: "echo nope; exit 4" }, schedule: { cron: "0 0 3 * * *" } } });
    expect(created.status).toBe(201);
    const jobId = created.body.data.id as string;
    const run = await h.req("POST", "/api/v1/jobs/export-ledger/runs", { token: dev, body: { params: {} } });
    const runId = run.body.data.id as string;
    const isAlert = (x: Posted) => x.content.includes("任务 export-ledger 运行失败");
    const alert = (await until((p) => p.some(isAlert), "the alert card")).find(isAlert)!;
    expect(alert.content).toContain("job.retry");
    expect(alert.content).toContain("job.pause");
    expect(alert.content).toContain(`/jobs/runs/${runId}`);

    // 重试: a new run of the same job, started by the clicker
    const before = slackDriver.posted(h).length;
    await slackDriver.click(h, alert.ref, "job.retry", alice);
    await until((p) => p.slice(before).some((x) => !isAlert(x) && x.content.includes("任务 export-ledger")), "the retried run's card");
    const runs = (await h.req("GET", `/api/v1/runs?job_id=${jobId}&trigger=retry`, { token: dev })).body.data.items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ triggered_by_name: "liuyang" });
    // it fails again, inside the open episode: no second alert card
    await h.system.jobs.runs.waitFinal(runs[0].id, 10_000);
    expect((await h.req("GET", `/api/v1/runs/${runs[0].id}`, { token: dev })).body.data.status).toBe("failed");

    // 暂停任务 by lina (运营一部, not her job): refused, the job stays enabled
    const seen = slackDriver.privateTo(h, bob).length + slackDriver.posted(h).length;
    await slackDriver.click(h, alert.ref, "job.pause", bob);
    await until(() => slackDriver.privateTo(h, bob).length + slackDriver.posted(h).length > seen, "lina's refusal");
    expect([...slackDriver.privateTo(h, bob), ...slackDriver.posted(h).map((x) => x.content)].slice(-1)[0]).toContain("没有权限执行此操作（需要 jobs:manage）");
    expect((await h.req("GET", `/api/v1/jobs/${jobId}`, { token: dev })).body.data.status).toBe("enabled");

    // by its owner: paused, audited as liuyang's pause
    await slackDriver.click(h, alert.ref, "job.pause", alice);
    await until((p) => p.some((x) => x.content.includes("作业 export-ledger 已暂停")) || slackDriver.privateTo(h, alice).some((x) => x.includes("已暂停")), "the paused card");
    expect((await h.req("GET", `/api/v1/jobs/${jobId}`, { token: dev })).body.data.status).toBe("paused");
    const audit = await h.req("GET", "/api/v1/audit/logs?module=jobs&action=pause", { token: await h.login("admin") });
    expect(audit.body.data.items[0]).toMatchObject({ actor_name: "liuyang", resource_id: jobId });
    // one alert for the episode: the failed retry (handled long before these clicks were answered) raised none
    expect(slackDriver.posted(h).filter(isAlert)).toHaveLength(1);
  });
});
