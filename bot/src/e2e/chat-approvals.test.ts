import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvalsApi, simpleDef } from "@ops/api/modules/approvals/approvals.testkit.ts";
import { deliver } from "@ops/api/modules/approvals/engine/index.ts";
import { ENGINES } from "@ops/api/testing/harness.ts";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/**
 * Issue 10's approval cards in chat, against the real approvals API and the Slack and Feishu
 * stand-ins: an or-sign node of two approvers (周杰 on Slack, 郑宇 on Feishu) started by 李娜 (on
 * Slack) through the API. Both approvers get a card with buttons, the initiator a read-only one;
 * a reject without a reason is refused to the clicker alone; one approval from a card updates all
 * three cards in place; the other approver's click answers "already decided" to them alone.
 */
const SLACK = { zhoujie: "U0000ALICE", lina: "U0000BOB01" } as const;
const FEISHU = { zhengyu: "ou_fake_alice" } as const;
const dm = (user: string) => `D${user.slice(1)}`;

describe.each(ENGINES)("chat: approval cards on Slack and Feishu (%s)", (engine) => {
  let h: BotHarness;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    h = await startBotHarness({ slack: true, feishu: { encryptKey: "e2e-encrypt-key" }, notify: true, engine });
    a = approvalsApi(h);
    await a.signIn(["admin", "lina", "zhoujie", "zhengyu"]);
    await h.bind("slack", SLACK.zhoujie, "zhoujie");
    await h.bind("slack", SLACK.lina, "lina");
    await h.bind("feishu", FEISHU.zhengyu, "zhengyu");
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Resolves once `pred` holds for the stand-ins' state, re-checked on every post or edit they receive. */
  const until = (pred: () => boolean, what: string, timeoutMs = 10_000) => new Promise<void>((resolve, reject) => {
    const offs: Array<() => void> = [];
    const done = (fn: () => void) => (clearTimeout(timer), offs.forEach((o) => o()), fn());
    const check = () => pred() && done(resolve);
    const timer = setTimeout(() => done(() => reject(new Error(`${what} did not happen`))), timeoutMs);
    for (const j of [h.slack!.messages, h.slack!.edits, h.slack!.ephemerals, h.feishu!.messages, h.feishu!.edits]) offs.push(j.subscribe(check));
    check();
  });
  const slackCard = (user: string, title: string) => h.slack!.messagesIn(dm(user)).find((m) => JSON.stringify(m.blocks).includes(title));
  const feishuCard = (title: string) => h.feishu!.messages.items.find((m) => m.content.includes(title));

  it("cards to both approvers and the initiator; a reason-less reject is refused; one approval updates every card; the other click is already decided", async () => {
    const key = await a.publish(simpleDef("chat-or", { type: "users", users: [a.ids.zhoujie, a.ids.zhengyu] }));
    const title = "采购 3 台笔记本电脑";
    const inst = await a.start("lina", key, { amount: 12000 }, { title });

    await until(() => !!slackCard(SLACK.zhoujie, title) && !!feishuCard(title) && !!slackCard(SLACK.lina, title), "the three approval cards");
    const zhoujieCard = slackCard(SLACK.zhoujie, title)!;
    const linaCard = slackCard(SLACK.lina, title)!;
    const zhengyuCard = feishuCard(title)!;
    const zj = JSON.stringify(zhoujieCard.blocks);
    expect(zj).toContain("approval.approve");
    expect(zj).toContain("approval.reject");
    expect(zj).toContain("李娜");
    expect(zj).toContain("金额");
    expect(zhengyuCard.content).toContain("approval.approve");
    // what 郑宇's Approve button sends (his task), for his click after the card was decided under him
    const zhengyuTask = (await a.taskOf("zhengyu", inst.id))!;
    expect(zhengyuCard.content).toContain(zhengyuTask);
    expect(zhengyuCard.content).toContain('"tag":"form"');
    // the initiator's copy: the same card without buttons
    expect(JSON.stringify(linaCard.blocks)).toContain(title);
    expect(JSON.stringify(linaCard.blocks)).not.toContain("approval.approve");

    // an urge by the initiator and a timeout reminder (what the timeouts sweep sends) arrive as cards with the buttons, saying why
    const zhoujieTask = (await a.taskOf("zhoujie", inst.id))!;
    expect((await a.act("lina", zhoujieTask, "urge")).status).toBe(200);
    await deliver(h.system.approvals.deps, inst.id, [{ kind: "remind", recipients: [a.ids.zhengyu!], taskId: zhengyuTask }]);
    // as first posted: a later refresh of the instance (the other notice's) shows the card as it is now, without the reason line
    const urged = () => h.slack!.messagesIn(dm(SLACK.zhoujie)).find((m) => JSON.stringify([m.blocks, m.history]).includes("发起人催办"));
    const reminded = () => h.feishu!.messages.items.find((m) => JSON.stringify([m.content, m.history]).includes("审批超时提醒"));
    await until(() => !!urged() && !!reminded(), "the urge and reminder cards");
    expect(JSON.stringify(urged()!.blocks)).toContain(zhoujieTask);
    expect(reminded()!.content).toContain(zhengyuTask);
    const [urgeTs, remindId] = [urged()!.ts, reminded()!.message_id];

    // Reject with an empty comment: refused to 周杰 alone, nothing changes
    const slackUrl = `${h.url}/bot/slack/events`;
    const ephemerals = h.slack!.ephemerals.items.length;
    await h.slack!.sendBlockAction(slackUrl, { channel_id: dm(SLACK.zhoujie), message_ts: zhoujieCard.ts, action_id: "approval.reject", user_id: SLACK.zhoujie });
    await until(() => h.slack!.ephemerals.items.length > ephemerals, "the reason-required ephemeral");
    expect(JSON.stringify(h.slack!.ephemerals.items.at(-1)!.blocks)).toContain("拒绝需要填写理由");
    expect(h.slack!.ephemerals.items.at(-1)!.user).toBe(SLACK.zhoujie);
    expect((await a.get("lina", inst.id)).status).toBe("pending");

    // 周杰 approves from his card with a comment; the same callback delivered twice is one transition
    const edits = { slack: h.slack!.edits.items.length, feishu: h.feishu!.edits.items.length };
    const click = await h.slack!.sendBlockAction(slackUrl, {
      channel_id: dm(SLACK.zhoujie), message_ts: zhoujieCard.ts, action_id: "approval.approve", user_id: SLACK.zhoujie,
      state_values: { comment: { comment: { type: "plain_text_input", value: "同意采购" } } },
    });
    expect(click.status).toBe(200);
    expect((await h.slack!.redeliver(click)).status).toBe(200);
    const decided = "已由 周杰 同意 · ";
    const shows = (content: string) => content.includes(decided) && !content.includes("approval.approve");
    await until(
      () => shows(JSON.stringify(slackCard(SLACK.zhoujie, title)!.blocks)) && shows(JSON.stringify(slackCard(SLACK.lina, title)!.blocks)) && shows(feishuCard(title)!.content),
      "all three cards showing the decision",
    );
    // the updates were requests at the stand-ins (chat.update, PATCH message), in place: no new messages
    const slackEdited = h.slack!.edits.items.slice(edits.slack).map((e) => e.ts);
    expect(slackEdited).toEqual(expect.arrayContaining([zhoujieCard.ts, linaCard.ts]));
    expect(h.feishu!.edits.items.slice(edits.feishu).map((e) => e.message_id)).toContain(zhengyuCard.message_id);
    expect(slackCard(SLACK.zhoujie, title)!.ts).toBe(zhoujieCard.ts);
    // the urge and reminder copies are the instance's cards too
    await until(
      () => shows(JSON.stringify(h.slack!.messagesIn(dm(SLACK.zhoujie)).find((m) => m.ts === urgeTs)!.blocks)) && shows(h.feishu!.messages.items.find((m) => m.message_id === remindId)!.content),
      "the urge and reminder copies showing the decision",
    );
    expect(JSON.stringify(slackCard(SLACK.lina, title)!.blocks)).toContain("同意采购");

    // 郑宇's click on his (now decided) card: the Feishu card has no button left, so replay the callback he sent before the refresh
    const p2p = h.feishu!.messagesIn(`oc_p2p_${FEISHU.zhengyu.replace(/^ou_/, "")}`).length;
    const late = await h.feishu!.sendCardAction(`${h.url}/bot/feishu/cards`, {
      message_id: zhengyuCard.message_id, open_id: FEISHU.zhengyu, tag: "button",
      value: { action: "approval.approve", value: { id: inst.id, task: zhengyuTask } },
    });
    expect(late.status).toBe(200);
    await until(() => h.feishu!.messagesIn(`oc_p2p_${FEISHU.zhengyu.replace(/^ou_/, "")}`).length > p2p, "郑宇's already-decided answer");
    expect(h.feishu!.messagesIn(`oc_p2p_${FEISHU.zhengyu.replace(/^ou_/, "")}`).at(-1)!.content).toContain("已由 周杰");

    const now = await a.get("lina", inst.id);
    expect(now.status).toBe("approved");
    expect(now.timeline.filter((e: { action: string }) => e.action === "approve")).toHaveLength(1);
    // audited as 周杰's approval, from Slack
    const audit = await h.req("GET", `/api/v1/audit/logs?module=approvals&resource_id=${inst.id}`, { token: a.tok.admin });
    const approvals = audit.body.data.items.filter((r: { action: string }) => r.action === "tasks.approve");
    expect(approvals).toHaveLength(1);
    expect(JSON.stringify(approvals[0])).toContain("slack");
  });

  // the commands' logic is the store's twice over already: the console round runs on SQLite only
  it.runIf(engine === "sqlite")("web console: `审批` lists my pending tasks; `同意|拒绝 <id>` decide (a reject needs a reason); wrong, unknown and decided ids are refused; a card click decides", async () => {
    type WebCard = { header: { title: string; subtitle?: string }; blocks: Array<{ type: string; text?: string; fields?: Array<{ label: string; value: string }>; buttons?: Array<{ action?: string; value?: Record<string, string> }> }> };
    const say = async (u: string, text: string) => (await h.req("POST", "/api/v1/chat/commands", { token: a.tok[u], body: { text } })).body.data.cards as WebCard[];
    const click = async (u: string, action: string, value: Record<string, string>, inputs: Record<string, string> = {}) =>
      (await h.req("POST", "/api/v1/chat/actions", { token: a.tok[u], body: { action, value, inputs } })).body.data as { update: WebCard | null; cards: WebCard[] };
    const key = await a.publish(simpleDef("console-or", { type: "users", users: [a.ids.zhoujie, a.ids.zhengyu] }));
    const first = await a.start("lina", key, { amount: 300 }, { title: "团建预算" });
    const second = await a.start("lina", key, { amount: 80 }, { title: "打印纸" });
    const third = await a.start("lina", key, { amount: 50 }, { title: "咖啡豆" });
    const taskOf = async (u: string, id: string) => (await a.taskOf(u, id))!;

    const [list] = await say("zhoujie", "审批");
    expect(list!.header.title).toBe("待我审批");
    const listed = JSON.stringify(list);
    for (const title of ["团建预算", "打印纸", "咖啡豆"]) expect(listed).toContain(title);
    const short = (await taskOf("zhoujie", first.id)).slice(-8);
    expect(listed).toContain(`${short} · 审批 · 申请人 李娜 · 已等待 0 分钟`);

    // approve by the short id with a comment: the decided card
    const [approved] = await say("zhoujie", `同意 ${short} 可以`);
    expect(JSON.stringify(approved)).toContain("已由 周杰 同意 · ");
    expect(JSON.stringify(approved)).not.toContain("approval.approve");
    // the same again: already decided, naming who
    expect(JSON.stringify(await say("zhoujie", `approve ${short}`))).toContain("已由 周杰 于");
    // 郑宇's or-sign sibling task was closed by it: his approve by the instance id says who decided
    expect(JSON.stringify(await say("zhengyu", `approve ${first.id}`))).toMatch(/已由 周杰|没有编号/);

    // reject needs a reason; with one it rejects; by the instance id (my one pending task on it)
    const refused = JSON.stringify(await say("zhoujie", `拒绝 ${second.id}`));
    expect(refused).toContain("拒绝需要写明理由");
    expect((await a.get("lina", second.id)).status).toBe("pending");
    expect(JSON.stringify(await say("zhoujie", `拒绝 ${second.id} 预算不足`))).toContain("已由 周杰 拒绝 · ");
    expect((await a.get("lina", second.id)).timeline.at(-1)).toBeDefined();

    // not mine (李娜 started it, the task is 周杰's), unknown ids
    expect(JSON.stringify(await say("lina", `approve ${await taskOf("zhoujie", third.id)}`))).toMatch(/403|不能|无权|not/);
    expect(JSON.stringify(await say("zhoujie", "approve nosuch1"))).toContain("没有编号为「nosuch1」的待我审批任务");

    // the list's Open gives the full card; 郑宇 approves from it, then 周杰's click is already decided, to him alone
    const open = await click("zhengyu", "approval.open", { id: third.id, task: await taskOf("zhengyu", third.id) });
    const card = open.cards[0]!;
    const approve = card.blocks.flatMap((b) => b.buttons ?? []).find((b) => b.action === "approval.approve")!;
    expect(card.blocks.some((b) => b.type === "input")).toBe(true);
    const zhoujieTask = await taskOf("zhoujie", third.id);
    const decided = await click("zhengyu", "approval.approve", approve.value!);
    expect(JSON.stringify(decided.update)).toContain("已由 郑宇 同意 · ");
    const late = await click("zhoujie", "approval.approve", { id: third.id, task: zhoujieTask });
    expect(late.update).toBeNull();
    expect(JSON.stringify(late.cards)).toContain("已由 郑宇 于");
    const after = await a.get("lina", third.id);
    expect(after.status).toBe("approved");
    expect(after.timeline.filter((e: { action: string }) => e.action === "approve")).toHaveLength(1);
  });
});
