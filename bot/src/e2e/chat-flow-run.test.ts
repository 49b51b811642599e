import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowsApi, sh } from "@ops/api/modules/flows/flows.testkit.ts";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { dingtalkDriver, feishuDriver, slackDriver, untilPosted, type ChatDriver, type Posted } from "./chat-drivers.ts";

/**
 * `flow run` from Slack, Feishu and DingTalk (stand-ins + real SDKs) and the web console against the
 * real flows engine: the flow-run card shows each node's state and follows the run in place; a wait
 * node's Continue on the card continues it as the clicker; RBAC is the API's.
 */
async function start(driver: ChatDriver): Promise<BotHarness> {
  const h = await startBotHarness({ ...driver.options, notify: true });
  await h.system.jobs.start({ worker: { concurrency: 4 }, scheduler: false });
  const dev = await h.login("liuyang");
  const f = flowsApi(h);
  const fan = await f.create(dev, {
    name: "fan-out", nodes: [sh("A", "echo start"), sh("B", "true"), sh("C", "true"), sh("D", "echo done")],
    edges: [{ from: "A", to: "B" }, { from: "A", to: "C" }, { from: "B", to: "D" }, { from: "C", to: "D" }],
  });
  expect(fan.status).toBe(201);
  const gated = await f.create(dev, {
    name: "month-end", params: { month: "" },
    nodes: [sh("extract", "echo {params.month}"), { key: "confirm", name: "财务确认", type: "wait" }, sh("load", "echo loaded")],
    edges: [{ from: "extract", to: "confirm" }, { from: "confirm", to: "load" }],
  });
  expect(gated.status).toBe(201);
  return h;
}

describe.each([slackDriver, feishuDriver, dingtalkDriver])("chat: flow run on $platform", (driver: ChatDriver) => {
  let h: BotHarness;
  const [alice, bob] = driver.users;
  beforeAll(async () => {
    h = await start(driver);
  });
  afterAll(async () => {
    await h?.close();
  });
  const until = (pred: (posted: Posted[]) => boolean, what: string, timeoutMs = 15_000) => untilPosted(driver, h, pred, what, timeoutMs);
  const card = (ref: string) => driver.posted(h).find((x) => x.ref === ref)!;

  it("posts the flow-run card with its nodes and updates the same message until every node and the run succeeded", async () => {
    await h.bind(driver.platform, alice, "liuyang");
    const before = driver.posted(h).length;
    await driver.send(h, "flow run fan-out", alice);
    const isFlow = (x: Posted) => x.content.includes("流程 fan-out");
    const first = (await until((p) => p.slice(before).some(isFlow), "the flow-run card")).slice(before).find(isFlow)!;
    expect(first.content).toContain("flow.cancel");
    await until(() => /成功 · 版本 1/.test(card(first.ref).content), "the card updated to succeeded");
    const done = card(first.ref);
    expect(done.versions).toBeGreaterThan(first.versions);
    expect(done.content.match(/✅ 成功/g)).toHaveLength(4);
    expect(done.content).toContain("耗时");
    expect(done.content).not.toContain("flow.cancel");
    const runs = await h.req("GET", "/api/v1/flow-runs?page_size=1", { token: await h.login("liuyang") });
    expect(runs.body.data.items[0]).toMatchObject({ flow_name: "fan-out", status: "succeeded", trigger: "chat", triggered_by_name: "liuyang" });
  });

  it("a wait node holds the run; Continue on the card continues it as the clicker and the card follows to succeeded", async () => {
    const before = driver.posted(h).length;
    await driver.send(h, "流程 运行 month-end month=2026-11", alice);
    const isFlow = (x: Posted) => x.content.includes("流程 month-end");
    const first = (await until((p) => p.slice(before).some(isFlow), "the flow-run card")).slice(before).find(isFlow)!;
    expect(first.content).toContain("month=2026-11");
    await until(() => card(first.ref).content.includes("flow.continue"), "the card waiting with Continue");
    expect(card(first.ref).content).toContain("⏸️ 等待处理");
    await driver.click(h, first.ref, "flow.continue", alice);
    await until(() => /成功 · 版本 1/.test(card(first.ref).content), "the card updated to succeeded");
    expect(card(first.ref).content).toContain("财务确认（liuyang）");
    expect(card(first.ref).content).not.toContain("flow.continue");
    const audit = await h.req("GET", "/api/v1/audit/logs?module=flows&action=runs.continue", { token: await h.login("admin") });
    expect(audit.body.data.items[0]).toMatchObject({ actor_name: "liuyang" });
    expect(audit.body.data.items[0].via).toContain(driver.platform);
  });

  it("answers the permission error card to a user without flows:run (审计人员)", async () => {
    await h.bind(driver.platform, bob, "chenjing");
    const before = driver.posted(h).length;
    const runs = (await h.req("GET", "/api/v1/flow-runs", { token: await h.login("admin") })).body.data.total;
    await driver.send(h, "flow run fan-out", bob);
    const seen = () => [...driver.posted(h).slice(before).map((x) => x.content), ...driver.privateTo(h, bob)];
    await until(() => seen().some((x) => x.includes("flows:run")), "the permission error card");
    expect(seen().join("\n")).toContain("没有权限执行此操作（需要 flows:run）");
    expect((await h.req("GET", "/api/v1/flow-runs", { token: await h.login("admin") })).body.data.total).toBe(runs);
  });
});

type WebCard = { header: { title: string; subtitle: string }; blocks: Array<{ type: string; buttons?: Array<{ action?: string; value?: Record<string, string> }> }> };
const buttonsOf = (c: WebCard) => c.blocks.flatMap((b) => b.buttons ?? []);

describe("chat: flow run on the web console", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await start(slackDriver);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("answers the card with node states; Continue updates it; a second click gets the expired answer", async () => {
    const token = await h.login("liuyang");
    const say = await h.req("POST", "/api/v1/chat/commands", { token, body: { text: "flow run month-end month=2026-12" } });
    const answer = say.body.data.cards[0] as WebCard;
    expect(answer.header.title).toBe("流程 month-end");
    expect(JSON.stringify(answer)).toMatch(/(⚪ 等待上游|🕓 排队中|🔄 运行中)/);
    const runId = /运行 (\S+)$/.exec(answer.header.subtitle)![1]!;
    const f = flowsApi(h);
    await f.waitUntil(runId, (r) => r.status === "waiting");
    const click = () => h.req("POST", "/api/v1/chat/actions", { token, body: { action: "flow.continue", value: { run_id: runId, node: "confirm" } } });
    const continued = (await click()).body.data;
    expect(continued.cards).toEqual([]);
    expect(JSON.stringify(continued.update)).toContain("财务确认（liuyang）");
    expect(buttonsOf(continued.update).map((b) => b.action)).not.toContain("flow.continue");
    expect((await f.waitFinal(runId)).status).toBe("succeeded");
    const stale = (await click()).body.data;
    expect(JSON.stringify(stale.cards[0])).toContain("这个按钮已失效");
    expect(stale.update.header.subtitle).toContain("成功");
  });

  it("Cancel on the card cancels a waiting run", async () => {
    const token = await h.login("liuyang");
    const answer = (await h.req("POST", "/api/v1/chat/commands", { token, body: { text: "flow run month-end" } })).body.data.cards[0] as WebCard;
    const runId = /运行 (\S+)$/.exec(answer.header.subtitle)![1]!;
    await flowsApi(h).waitUntil(runId, (r) => r.status === "waiting");
    const cancelled = (await h.req("POST", "/api/v1/chat/actions", { token, body: { action: "flow.cancel", value: { run_id: runId } } })).body.data;
    expect(cancelled.update.header.subtitle).toContain("已取消");
    // nothing left to cancel or decide; it may be retried from its cancelled nodes
    expect(buttonsOf(cancelled.update).map((b) => b.action).filter(Boolean)).toEqual(["flow.retry"]);
  });
});
