import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalsApi } from "@ops/api/modules/approvals/approvals.testkit.ts";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/**
 * Issue 11's approver card: a config change's approval (a form with `changes` rows record/field/before/after, as the
 * config-release definition has) reaches 周杰 on the Slack stand-in and 郑宇 on the Feishu stand-in with the diff above
 * Approve / Reject; approving from Slack updates both cards in place and the diff stays on them. The card logic is
 * the approvals engine's and pure templates, so one store (SQLite) is enough here.
 */
const SLACK = { zhoujie: "U0000ALICE", lina: "U0000BOB01" } as const;
const FEISHU = { zhengyu: "ou_fake_alice" } as const;
const dm = (user: string) => `D${user.slice(1)}`;

const changeDef = (key: string, approvers: string[]) => ({
  key, name: "配置发布",
  form: [
    { key: "table", type: "text", label: "配置表", required: true },
    { key: "change_set_id", type: "text", label: "变更集", required: true },
    { key: "reason", type: "text", label: "原因", required: true },
    { key: "changes", type: "table", label: "变更", required: false, columns: ["record", "field", "before", "after"].map((k) => ({ key: k, type: "text", label: k, required: false })) },
  ],
  nodes: [{ key: "start", type: "start" }, { key: "approve", type: "approver", name: "发布审批", approvers: { type: "users", users: approvers }, mode: "or" }, { key: "end", type: "end" }],
  edges: [{ from: "start", to: "approve" }, { from: "approve", to: "end" }],
});

describe("chat: the approver's card shows the config diff (Slack and Feishu stand-ins)", () => {
  let h: BotHarness;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    h = await startBotHarness({ slack: true, feishu: { encryptKey: "e2e-encrypt-key" }, notify: true });
    a = approvalsApi(h);
    await a.signIn(["admin", "lina", "zhoujie", "zhengyu"]);
    await h.bind("slack", SLACK.zhoujie, "zhoujie");
    await h.bind("slack", SLACK.lina, "lina");
    await h.bind("feishu", FEISHU.zhengyu, "zhengyu");
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const until = (pred: () => boolean, what: string, timeoutMs = 15_000) => new Promise<void>((resolve, reject) => {
    const offs: Array<() => void> = [];
    const done = (fn: () => void) => (clearTimeout(timer), offs.forEach((o) => o()), fn());
    const check = () => pred() && done(resolve);
    const timer = setTimeout(() => done(() => reject(new Error(`${what} did not happen`))), timeoutMs);
    for (const j of [h.slack!.messages, h.slack!.edits, h.feishu!.messages, h.feishu!.edits]) offs.push(j.subscribe(check));
    check();
  });
  const slackCard = (user: string, title: string) => h.slack!.messagesIn(dm(user)).find((m) => JSON.stringify(m.blocks).includes(title));
  const feishuCard = (title: string) => h.feishu!.messages.items.find((m) => m.content.includes(title));

  it("shows before → after per field with Approve / Reject, cuts past 10 rows, and keeps the diff once decided", async () => {
    const key = await a.publish(changeDef("cfg-change-e2e", [a.ids.zhoujie!, a.ids.zhengyu!]));
    const title = "费率配置 变更 12 项";
    const changes = [
      { record: "alipay", field: "费率", before: "0.0300", after: "0.0350" },
      { record: "wechat", field: "备注", before: "", after: `${"很长的说明".repeat(30)}…` },
      ...Array.from({ length: 10 }, (_, i) => ({ record: `ch${i}`, field: "启用", before: "false", after: "true" })),
    ];
    const inst = await a.start("lina", key, { table: "rates", change_set_id: "cs-42", reason: "双十二调价", changes }, { title });

    await until(() => !!slackCard(SLACK.zhoujie, title) && !!feishuCard(title), "the approvers' cards");
    // every copy recorded against the instance (after its post) before the decision refreshes them
    await h.settled();
    const slack = JSON.stringify(slackCard(SLACK.zhoujie, title)!.blocks);
    expect(slack).toContain("*变更内容*");
    expect(slack).toContain("~ alipay · 费率: 0.0300 → 0.0350");
    expect(slack).toContain("… 还有 2 项变更，见完整变更");
    expect(slack).toContain("/config/change-sets/cs-42");
    expect(slack).toContain("approval.approve");
    expect(slack).toContain("approval.reject");
    // the change set's id travels in the link, not as a fact
    expect(slack).not.toContain("*变更集*");
    const feishu = feishuCard(title)!.content;
    expect(feishu).toContain("~~0.0300~~ → 0.0350");
    expect(feishu).toContain("部分内容过长已截断");
    expect(feishu).toContain('"tag":"form"');
    expect(feishu).toContain("approval.approve");

    const zhoujieCard = slackCard(SLACK.zhoujie, title)!;
    const click = await h.slack!.sendBlockAction(`${h.url}/bot/slack/events`, {
      channel_id: dm(SLACK.zhoujie), message_ts: zhoujieCard.ts, action_id: "approval.approve", user_id: SLACK.zhoujie,
    });
    expect(click.status).toBe(200);
    const decided = (content: string) => content.includes("已由 周杰 同意") && !content.includes("approval.approve");
    await until(() => decided(JSON.stringify(slackCard(SLACK.zhoujie, title)!.blocks)) && decided(feishuCard(title)!.content), "both cards decided");
    expect(JSON.stringify(slackCard(SLACK.zhoujie, title)!.blocks)).toContain("~ alipay · 费率: 0.0300 → 0.0350");
    expect(feishuCard(title)!.content).toContain("~~0.0300~~ → 0.0350");
    expect((await a.get("lina", inst.id)).status).toBe("approved");
  }, 60_000);
});
