import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalsApi, simpleDef } from "@ops/api/modules/approvals/approvals.testkit.ts";
import { deliver } from "@ops/api/modules/approvals/engine/index.ts";
import { startBotHarness, type BotHarness } from "../../testing/bot-harness.ts";

/**
 * Issue 10 item 7 on DingTalk: the approval card carries the comment input (the generic template's
 * Input component, cards/src/render/dingtalk.ts) and its buttons send what was typed in the card
 * callback's cardPrivateData.params, as DingTalk does (the stand-in builds the click the way the
 * template does). Reject asks for a reason: without one the click is refused to the clicker alone;
 * with one it rejects with that reason, and the card loses its input and buttons.
 */
const ZHOUJIE = "alice01";

describe("chat: the DingTalk approval card's comment input (stand-in)", () => {
  let h: BotHarness;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    h = await startBotHarness({ dingtalk: true, notify: true });
    a = approvalsApi(h);
    await a.signIn(["admin", "lina", "zhoujie", "zhengyu"]);
    await h.bind("dingtalk", ZHOUJIE, "zhoujie");
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const cardOf = async (title: string) => {
    const call = await h.dingtalk!.calls.waitFor((c) => c.path === "/v1.0/card/instances/createAndDeliver" && JSON.stringify(c.body).includes(title), { timeoutMs: 30_000 });
    return String(call.body.outTrackId);
  };

  it("the card shows the input; reject without a reason is refused to the clicker, with the typed reason it rejects; approve carries the typed comment", async () => {
    const key = await a.publish(simpleDef("dt-input", { type: "users", users: [a.ids.zhoujie] }));
    const title = "采购 2 台显示器";
    const inst = await a.start("lina", key, { amount: 3000 }, { title });
    const ref = await cardOf(title);
    const vars = h.dingtalk!.card(ref)!.cardData;
    expect(vars).toMatchObject({ input_name: "comment", input_label: "审批意见" });
    expect(vars.markdown).not.toContain("请在应用中填写");
    expect(JSON.parse(vars.buttons!).map((b: { action: string }) => b.action)).toEqual(expect.arrayContaining(["approval.approve", "approval.reject"]));

    // nothing typed: refused, to 周杰 alone (a robot 1:1 message), nothing changes
    const since = h.dingtalk!.robotMessages.items.length;
    expect((await h.dingtalk!.clickCardButton({ outTrackId: ref, userId: ZHOUJIE, action: "approval.reject" }).ack).code).toBe(200);
    const refusal = await h.dingtalk!.robotMessages.waitFor((m) => m.userId === ZHOUJIE, { since, timeoutMs: 30_000 });
    expect(JSON.stringify(refusal.msgParam)).toContain("拒绝需要填写理由");
    expect((await a.get("lina", inst.id)).status).toBe("pending");

    // the reason typed in the card's input: rejected with it, and the card updates in place without input or buttons
    expect((await h.dingtalk!.clickCardButton({ outTrackId: ref, userId: ZHOUJIE, action: "approval.reject", typed: "预算超支，下季度再买" }).ack).code).toBe(200);
    const got = await a.get("lina", inst.id);
    expect(got.status).toBe("rejected");
    expect(got.timeline.find((e: { action: string }) => e.action === "reject")).toMatchObject({ comment: "预算超支，下季度再买" });
    await h.dingtalk!.calls.waitFor((c) => c.path === "/v1.0/card/instances" && c.body.outTrackId === ref && JSON.stringify(c.body).includes("预算超支"), { timeoutMs: 30_000 });
    expect(h.dingtalk!.card(ref)!.cardData).toMatchObject({ input_name: "", buttons: expect.not.stringContaining("approval.reject") });
    // a click on a card with no input cannot carry typed text (the stand-in refuses, as the template shows none)
    expect(() => h.dingtalk!.clickCardButton({ outTrackId: ref, userId: ZHOUJIE, action: "approval.reject", typed: "x" })).toThrow();
  }, 120_000);

  it("approve sends the typed comment with it", async () => {
    const key = await a.publish(simpleDef("dt-input-ok", { type: "users", users: [a.ids.zhoujie] }));
    const title = "报销 出差 5 天";
    const inst = await a.start("lina", key, { amount: 800 }, { title });
    const ref = await cardOf(title);
    expect((await h.dingtalk!.clickCardButton({ outTrackId: ref, userId: ZHOUJIE, action: "approval.approve", typed: "同意，注意发票" }).ack).code).toBe(200);
    const got = await a.get("lina", inst.id);
    expect(got.status).toBe("approved");
    expect(got.timeline.find((e: { action: string }) => e.action === "approve")).toMatchObject({ comment: "同意，注意发票", actor_id: a.ids.zhoujie });
  }, 120_000);

  it("an urged card keeps its why line (发起人催办) when a later change refreshes it, until the task is decided", async () => {
    const key = await a.publish(simpleDef("dt-urge", { type: "users", users: [a.ids.zhoujie, a.ids.zhengyu] }));
    const title = "采购 1 台投影仪";
    const inst = await a.start("lina", key, { amount: 5000 }, { title });
    const first = await cardOf(title);
    const task = (await a.taskOf("zhoujie", inst.id))!;
    const posted = h.dingtalk!.calls.items.length;
    expect((await a.act("lina", task, "urge")).status).toBe(200);
    const urgedCall = await h.dingtalk!.calls.waitFor((c) => c.path === "/v1.0/card/instances/createAndDeliver" && JSON.stringify(c.body).includes("发起人催办"), { since: posted, timeoutMs: 30_000 });
    const urged = String(urgedCall.body.outTrackId);
    expect(urged).not.toBe(first);
    // no wait for the bot to record where the urged card went: a change refreshed before that record still reaches
    // this copy (the record brings it to the entity's latest refreshed card)
    // another change of the instance (郑宇's timeout reminder, as the timeouts sweep sends it) refreshes every card of it
    const since = h.dingtalk!.calls.items.length;
    await deliver(h.system.approvals.deps, inst.id, [{ kind: "remind", recipients: [a.ids.zhengyu!], taskId: (await a.taskOf("zhengyu", inst.id))! }]);
    const updated = (ref: string) => (c: { path: string; body: Record<string, unknown> }) => c.path === "/v1.0/card/instances" && c.body.outTrackId === ref;
    await h.dingtalk!.calls.waitFor(updated(urged), { since, timeoutMs: 30_000 });
    await h.dingtalk!.calls.waitFor(updated(first), { since, timeoutMs: 30_000 });
    expect(h.dingtalk!.card(urged)!.cardData.markdown).toContain("发起人催办");
    // his first card, refreshed, says why too: it is his task that was urged
    expect(h.dingtalk!.card(first)!.cardData.markdown).toContain("发起人催办");
    // decided: the line goes, the decision shows
    const decided = h.dingtalk!.calls.items.length;
    expect((await h.dingtalk!.clickCardButton({ outTrackId: urged, userId: ZHOUJIE, action: "approval.approve" }).ack).code).toBe(200);
    await h.dingtalk!.calls.waitFor((c) => updated(first)(c) && JSON.stringify(c.body).includes("周杰"), { since: decided, timeoutMs: 30_000 });
    expect(h.dingtalk!.card(first)!.cardData.markdown).not.toContain("发起人催办");
    expect((await a.get("lina", inst.id)).status).toBe("approved");
  }, 120_000);
});
