import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackMessage, FeishuMessage } from "../../../scripts/fakes/index.ts";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/**
 * Issue 13's done-when in chat: a P1 rule over a metric, recipients 张伟 (Slack) and 刘洋 (Feishu), the on-call
 * Slack channel and a DingTalk group, escalating to 李娜 (Slack) after a minute. It fires: one card each and one in the channel; nobody
 * acknowledges, so 李娜 gets it too; 刘洋 acknowledges from his Feishu card: every copy shows 已认领 by him and the
 * escalation stops; the condition clears: the cards turn 已恢复 and the recipients get the recovery notice.
 * `/ops alerts` lists the open alert; an unbound account gets the bind link, one without monitor:view a refusal.
 */
const SLACK = { zhangwei: "U0000ALICE", lina: "U0000BOB01", carol: "U0000CAROL", nobody: "U0000NOBODY" } as const;
const FEISHU = { liuyang: "ou_fake_alice" } as const;
const CHANNEL = "C0000OPS1";
/** a DingTalk group the robot is in (openConversationId): the rule posts there too */
const DINGTALK_GROUP = "cidOnCall0001==";
const dm = (user: string) => `D${user.slice(1)}`;
const feishuP2p = (openId: string) => `oc_p2p_${openId.replace(/^ou_/, "")}`;
const RULE = "e2e-errors";

describe("chat: an alert rule's cards on Slack and Feishu, acknowledged from a card", () => {
  let h: BotHarness;
  let ids: Record<"zhangwei" | "liuyang" | "lina", string>;
  beforeAll(async () => {
    h = await startBotHarness({ slack: true, feishu: { encryptKey: "e2e-encrypt-key" }, dingtalk: true, notify: true });
    h.slack!.addUser({ id: SLACK.carol, name: "carol" } as never);
    h.slack!.addUser({ id: SLACK.nobody, name: "nobody" } as never);
    await h.bind("slack", SLACK.zhangwei, "zhangwei");
    await h.bind("slack", SLACK.lina, "lina");
    await h.bind("feishu", FEISHU.liuyang, "liuyang");
    const idOf = async (u: string) => (await h.req("GET", "/api/v1/auth/me", { token: await h.login(u) })).body.data.id as string;
    ids = { zhangwei: await idOf("zhangwei"), liuyang: await idOf("liuyang"), lina: await idOf("lina") };
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const until = (pred: () => boolean, what: string, timeoutMs = 20_000) => new Promise<void>((resolve, reject) => {
    const offs: Array<() => void> = [];
    const done = (fn: () => void) => (clearTimeout(timer), offs.forEach((o) => o()), fn());
    const check = () => pred() && done(resolve);
    const timer = setTimeout(() => done(() => reject(new Error(`${what} did not happen`))), timeoutMs);
    for (const j of [h.slack!.messages, h.slack!.edits, h.slack!.ephemerals, h.feishu!.messages, h.feishu!.edits]) offs.push(j.subscribe(check));
    check();
  });
  const slackAlerts = (channel: string) => h.slack!.messagesIn(channel).filter((m) => JSON.stringify(m.blocks).includes(RULE));
  const feishuAlerts = (chat: string) => h.feishu!.messagesIn(chat).filter((m) => m.content.includes(RULE));
  const shows = (m: SlackMessage | FeishuMessage | undefined, ...words: string[]) => {
    const text = m ? ("blocks" in m ? JSON.stringify(m.blocks) : m.content) : "";
    return words.every((w) => text.includes(w));
  };
  const lacks = (m: SlackMessage | FeishuMessage, word: string) => !("blocks" in m ? JSON.stringify(m.blocks) : m.content).includes(word);

  /** the metric's value this minute, sampled into the series, then one evaluation pass (the scheduler's) */
  const gauge = () => h.system.monitor.metrics.gauge({
    name: "e2e.error_rate", kind: "gauge", scope: "node", unit: "percent", labels: [], module: "e2e",
    title: { "zh-CN": "测试错误率", en: "Test error rate" }, help: { "zh-CN": "测试用", en: "for tests" },
  });
  let rate: ReturnType<typeof gauge>;
  const observe = async (value: number) => {
    rate.set(value);
    await h.system.monitor.parts.metrics.flush();
    await h.system.monitor.parts.alerts.evaluate();
  };
  const say = async (user: string, text: string) => {
    const r = await h.slack!.sendSlashCommand(`${h.url}/bot/slack/events`, { command: "/ops", text, user_id: user, channel_id: CHANNEL });
    expect(r.status).toBe(200);
  };

  it("fires one card per recipient and one in the group, escalates, stops on Acknowledge from Feishu, and recovers", async () => {
    rate = gauge();
    const rule = await h.req("POST", "/api/v1/alert-rules", {
      token: await h.login("liuyang"),
      body: {
        name: RULE, description: "API 错误率过高", metric: "e2e.error_rate", agg: "avg", op: ">", threshold: 5, window_s: 60, level: "P1",
        recipients: { users: [ids.zhangwei, ids.liuyang], roles: [], chats: [{ platform: "slack", chat_id: CHANNEL }, { platform: "dingtalk", chat_id: DINGTALK_GROUP }] },
        cooldown_s: 3600, escalation: { after_min: 1, recipients: { users: [ids.lina], roles: [], chats: [] } },
      },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);

    await observe(12.5);
    await until(() => slackAlerts(dm(SLACK.zhangwei)).length === 1 && feishuAlerts(feishuP2p(FEISHU.liuyang)).length === 1 && slackAlerts(CHANNEL).length === 1,
      "the cards of 张伟, 刘洋 and the channel");
    await h.settled("im-delivery");
    const [zhangwei] = slackAlerts(dm(SLACK.zhangwei));
    const [liuyang] = feishuAlerts(feishuP2p(FEISHU.liuyang));
    const [group] = slackAlerts(CHANNEL);
    for (const card of [zhangwei!, liuyang!, group!]) {
      expect(shows(card, "P1 · 告警中", "alert.ack", "alert.resolve", "alert.silence", "12.5 %")).toBe(true);
      // the same title on every copy (a notice's "[P1] " wording is not repeated above the level)
      expect(lacks(card, "[P1] e2e-errors\"")).toBe(true);
    }
    expect(slackAlerts(dm(SLACK.lina))).toEqual([]);
    const dingtalkCard = () => h.dingtalk!.cardsIn(DINGTALK_GROUP).map((c) => JSON.stringify(c.cardData)).filter((c) => c.includes(RULE));
    expect(dingtalkCard()).toHaveLength(1);
    expect(dingtalkCard()[0]).toContain("alert.ack");

    // /ops alerts lists it with Acknowledge; an unbound account is asked to bind; one without monitor:view is refused
    await say(SLACK.zhangwei, "alerts");
    await until(() => h.slack!.messagesIn(CHANNEL).some((m) => shows(m, "未关闭的告警", "共 1 条", "alert.ack")), "the open alerts list");
    await say(SLACK.nobody, "告警");
    await until(() => h.slack!.ephemerals.items.some((e) => e.user === SLACK.nobody && JSON.stringify(e.blocks).includes("/bind")), "the bind link");

    // nobody acknowledges it within a minute: 李娜 hears of it too
    h.advance(61_000);
    await observe(12.5);
    await until(() => slackAlerts(dm(SLACK.lina)).length === 1, "李娜's escalated card");
    expect(shows(slackAlerts(dm(SLACK.lina))[0], "已升级 1 次", "alert.ack")).toBe(true);
    await h.settled("im-delivery");

    // 李娜 (运营专员) may see it but not acknowledge it: told so alone, and nothing changes
    const linaCard = slackAlerts(dm(SLACK.lina))[0]!;
    const refused = await h.slack!.sendBlockAction(`${h.url}/bot/slack/events`, { channel_id: dm(SLACK.lina), message_ts: linaCard.ts, action_id: "alert.ack", user_id: SLACK.lina });
    expect(refused.status).toBe(200);
    await until(() => h.slack!.ephemerals.items.some((e) => e.user === SLACK.lina && JSON.stringify(e.blocks).includes("monitor:ack")), "李娜's refusal");
    await h.settled();
    expect((await h.req("GET", "/api/v1/alerts?status=firing", { token: await h.login("admin") })).body.data.items.map((a: { rule_name: string }) => a.rule_name)).toContain(RULE);
    expect(shows(h.slack!.message(dm(SLACK.lina), linaCard.ts), "P0 · 告警中", "alert.ack")).toBe(true);

    // 刘洋 acknowledges from his Feishu card: every copy shows it, and the escalation stops
    const ack = await h.feishu!.sendCardAction(`${h.url}/bot/feishu/cards`, { message_id: liuyang!.message_id, open_id: FEISHU.liuyang, button_text: "认领" });
    expect(ack.status).toBe(200);
    const acked = (m: SlackMessage | FeishuMessage | undefined) => !!m && shows(m, "已认领", "刘洋") && lacks(m, "alert.ack");
    await until(() => acked(h.slack!.message(dm(SLACK.zhangwei), zhangwei!.ts)) && acked(h.feishu!.message(liuyang!.message_id)) && acked(h.slack!.message(CHANNEL, group!.ts)),
      "every card acknowledged by 刘洋");
    await h.settled("im-delivery");
    expect(dingtalkCard()[0]).toContain("刘洋");
    expect(dingtalkCard()[0]).not.toContain("alert.ack");
    const alert = (await h.req("GET", "/api/v1/alerts?status=open", { token: await h.login("admin") })).body.data.items[0];
    expect(alert).toMatchObject({ status: "acknowledged", acknowledged_by: ids.liuyang });
    await h.settled("im-delivery");
    h.advance(61_000);
    await observe(12.5);
    await h.settled("im-delivery", "notify");
    expect(slackAlerts(dm(SLACK.lina))).toHaveLength(1);

    // the condition clears (a window with no minute of 12.5 % left in it): the cards say 已恢复 and the recipients
    // get the recovery notice
    h.advance(121_000);
    await observe(1);
    const recovered = (m: SlackMessage | FeishuMessage | undefined) => !!m && shows(m, "已恢复") && lacks(m, "alert.resolve");
    await until(() => recovered(h.slack!.message(dm(SLACK.zhangwei), zhangwei!.ts)) && recovered(h.slack!.message(CHANNEL, group!.ts)) && recovered(h.feishu!.message(liuyang!.message_id)),
      "the cards resolved");
    await until(() => slackAlerts(dm(SLACK.zhangwei)).some((m) => m.ts !== zhangwei!.ts && shows(m, "已恢复")), "张伟's recovery notice");
    const notice = slackAlerts(dm(SLACK.zhangwei)).find((m) => m.ts !== zhangwei!.ts)!;
    expect(shows(notice, "告警条件已解除") && lacks(notice, "已恢复：已恢复")).toBe(true);
  }, 120_000);

  it("refuses /ops alerts to a bound user without monitor:view", async () => {
    const admin = await h.login("admin");
    const role = await h.req("POST", "/api/v1/roles", { token: admin, body: { code: "jobs_only", name: "只看作业", data_scope: "SELF", permissions: ["jobs:view"] } });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const dept = (await h.system.db.get<{ dept_id: string }>("SELECT dept_id FROM users WHERE username = 'lina'"))!.dept_id;
    const user = await h.req("POST", "/api/v1/users", { token: admin, body: { username: "carol", display_name: "卡罗", dept_id: dept, role_ids: [role.body.data.id] } });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    // a new account changes its first password before anything else
    const first = await h.login("carol", user.body.data.initial_password as string);
    const changed = await h.req("POST", "/api/v1/auth/password", { token: first, body: { old_password: user.body.data.initial_password, new_password: "Blue-Harbor-2026!" } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const token = await h.login("carol", "Blue-Harbor-2026!");
    const req = await h.req("POST", "/api/v1/im/bind-requests", { headers: h.asChat("slack", SLACK.carol), body: {} });
    const confirmed = await h.req("POST", "/api/v1/im/bindings", { token, body: { code: req.body.data.code } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    await say(SLACK.carol, "alerts");
    await until(() => h.slack!.messagesIn(CHANNEL).some((m) => shows(m, "没有权限", "monitor:view")), "the refusal");
  });
});
