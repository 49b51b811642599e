import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { slackDriver, untilPosted, type Posted } from "./chat-drivers.ts";

/**
 * A failed flow run's alert reaches the flow's owner on Slack (stand-in + real SDK) as a
 * flow-alert card through the notification center; its 从失败节点重试 button retries the same run
 * as the clicker (flows:run and data scope: lina, outside 技术部, gets the expired answer and the
 * run stays failed), the success that follows sends one recovery card, and 暂停流程 pauses its schedule.
 */
describe("chat: a flow alert card on Slack", () => {
  let h: BotHarness;
  const [alice, bob] = slackDriver.users;
  const dir = mkdtempSync(join(tmpdir(), "ops-chat-flow-alert-"));
  beforeAll(async () => {
    h = await startBotHarness({ ...slackDriver.options, notify: true });
    await h.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const until = (pred: (posted: Posted[]) => boolean, what: string, timeoutMs = 15_000) => untilPosted(slackDriver, h, pred, what, timeoutMs);

  it("posts one alert card with Retry / View run; Retry by the owner runs the failed node again and the success recovers", async () => {
    await h.bind("slack", alice, "liuyang");
    await h.bind("slack", bob, "lina");
    const dev = await h.login("liuyang");
    const marker = join(dir, "ok");
    const created = await h.req("POST", "/api/v1/flows", {
      token: dev,
      body: { name: "ledger-close", nodes: [{ key: "sum", type: "shell", config: { command: "echo 1" } }, { key: "post", type: "shell", config: { command: `test -f ${marker}` } }], edges: [{ from: "sum", to: "post" }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const runId = (await h.req("POST", "/api/v1/flows/ledger-close/runs", { token: dev, body: { params: {} } })).body.data.id as string;
    const isAlert = (x: Posted) => x.content.includes("流程 ledger-close 运行失败");
    const alert = (await until((p) => p.some(isAlert), "the alert card")).find(isAlert)!;
    expect(alert.content).toContain("flow.retry");
    expect(alert.content).toContain(`/flows/runs/${runId}`);

    // lina (运营一部) does not see 技术部's flow run: the button no longer works for her, nothing is retried
    const seen = slackDriver.privateTo(h, bob).length + slackDriver.posted(h).length;
    await slackDriver.click(h, alert.ref, "flow.retry", bob);
    await until(() => slackDriver.privateTo(h, bob).length + slackDriver.posted(h).length > seen, "lina's refusal");
    expect((await h.req("GET", `/api/v1/flow-runs/${runId}`, { token: dev })).body.data.status).toBe("failed");

    // the owner fixes the cause and retries from the card: the same run succeeds, one recovery card follows
    writeFileSync(marker, "");
    await slackDriver.click(h, alert.ref, "flow.retry", alice);
    const isRecovery = (x: Posted) => x.content.includes("流程 ledger-close 已恢复");
    await until((p) => p.some(isRecovery), "the recovery card");
    const run = (await h.req("GET", `/api/v1/flow-runs/${runId}`, { token: dev })).body.data;
    expect(run.status).toBe("succeeded");
    const audit = await h.req("GET", `/api/v1/audit/logs?module=flows&resource_id=${runId}`, { token: await h.login("admin") });
    expect(audit.body.data.items.find((a: { action: string }) => a.action === "runs.retry")).toMatchObject({ actor_name: "liuyang" });
    expect(slackDriver.posted(h).filter(isAlert)).toHaveLength(1);
    expect(slackDriver.posted(h).filter(isRecovery)).toHaveLength(1);

    // 暂停流程 by its owner: the schedule stops, audited as liuyang's pause
    expect(alert.content).toContain("flow.pause");
    await slackDriver.click(h, alert.ref, "flow.pause", alice);
    await until((p) => p.some((x) => x.content.includes("流程 ledger-close 已暂停调度")) || slackDriver.privateTo(h, alice).some((x) => x.includes("已暂停调度")), "the paused card");
    expect((await h.req("GET", "/api/v1/flows/ledger-close", { token: dev })).body.data.status).toBe("paused");
    const paused = await h.req("GET", "/api/v1/audit/logs?module=flows&action=pause", { token: await h.login("admin") });
    expect(paused.body.data.items[0]).toMatchObject({ actor_name: "liuyang" });
  });
});
