import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";

/**
 * Issue 11's done-when in chat: 刘洋 (开发人员) edits a rate in an approval-required table; the change set's approval
 * reaches 张伟 (运营主管, config:publish) on the Slack stand-in with the diff above Approve / Reject; his Approve from
 * the card releases it (the record and the table's release move on), his card keeps the diff, and the table's
 * subscriber 李娜 gets the release notice as the config-diff card on the Feishu stand-in, and then the rollback's.
 */
const SLACK = { zhangwei: "U0000ALICE" } as const;
const FEISHU = { lina: "ou_fake_alice" } as const;
const dm = (user: string) => `D${user.slice(1)}`;

describe("chat: an approval-required config change, approved and released from the card", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ slack: true, feishu: { encryptKey: "e2e-encrypt-key" }, notify: true });
    await h.bind("slack", SLACK.zhangwei, "zhangwei");
    await h.bind("feishu", FEISHU.lina, "lina");
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const until = (pred: () => boolean, what: string, timeoutMs = 20_000) => new Promise<void>((resolve, reject) => {
    const offs: Array<() => void> = [];
    const done = (fn: () => void) => (clearTimeout(timer), offs.forEach((o) => o()), fn());
    const check = () => pred() && done(resolve);
    const timer = setTimeout(() => done(() => reject(new Error(`${what} did not happen`))), timeoutMs);
    for (const j of [h.slack!.messages, h.slack!.edits, h.feishu!.messages, h.feishu!.edits]) offs.push(j.subscribe(check));
    check();
  });

  it("sends the diff card to the approver, releases on Approve, and tells the subscriber", async () => {
    const admin = await h.login("admin");
    const dev = await h.login("liuyang");
    const linaId = (await h.req("GET", "/api/v1/auth/me", { token: await h.login("lina") })).body.data.id as string;
    const table = { name: "fx", display_name: "汇率", key_field: "code", subscribers: [linaId], fields: [
      { key: "code", type: "text", label: "币种", required: true, unique: true }, { key: "rate", type: "decimal", label: "汇率", scale: 4 },
    ] };
    expect((await h.req("POST", "/api/v1/config/tables", { token: admin, body: { ...table, needs_approval: false } })).status).toBe(201);
    expect((await h.req("POST", "/api/v1/config/tables/fx/records", { token: admin, body: { values: { code: "USD", rate: "7.1000" }, reason: "初始化" } })).status).toBe(201);
    expect((await h.req("PATCH", "/api/v1/config/tables/fx", { token: admin, body: { needs_approval: true } })).status).toBe(200);
    const before = (await h.req("GET", "/api/v1/config/tables/fx", { token: admin })).body.data as { version: number };
    const fullRelease = async () => (await h.req("GET", "/api/v1/config/tables/fx/releases?status=full", { token: admin })).body.data.items[0] as { number: number; version: number };
    const releasedBefore = await fullRelease();

    const edit = await h.req("PATCH", "/api/v1/config/tables/fx/records/USD", { token: dev, body: { values: { rate: "7.2000" }, reason: "月初调汇率" } });
    expect(edit.status, JSON.stringify(edit.body)).toBe(202);
    const setId = edit.body.data.id as string;
    // nothing applied yet
    expect((await h.req("GET", "/api/v1/config/tables/fx/records/USD", { token: admin })).body.data.values.rate).toBe("7.1000");

    const approverCard = () => h.slack!.messagesIn(dm(SLACK.zhangwei)).find((m) => JSON.stringify(m.blocks).includes("approval.approve"));
    await until(() => !!approverCard(), "张伟's approval card");
    const card = approverCard()!;
    const shown = JSON.stringify(card.blocks);
    expect(shown).toContain("~ USD · 汇率: 7.1000 → 7.2000");
    expect(shown).toContain("approval.reject");
    await h.settled();

    const click = await h.slack!.sendBlockAction(`${h.url}/bot/slack/events`, {
      channel_id: dm(SLACK.zhangwei), message_ts: card.ts, action_id: "approval.approve", user_id: SLACK.zhangwei,
    });
    expect(click.status).toBe(200);
    const decided = () => {
      const now = JSON.stringify(h.slack!.messagesIn(dm(SLACK.zhangwei)).find((m) => m.ts === card.ts)!.blocks);
      return now.includes("已由 张伟 同意") && !now.includes("approval.approve");
    };
    // the release notice as the config-diff card: table, release number, who and the field's before → after
    const released = () => h.feishu!.messages.items.some((m) =>
      m.content.includes("配置已发布：汇率（fx）") && m.content.includes(`发布 #${releasedBefore.number + 1}`) && m.content.includes("~~7.1000~~ → 7.2000"));
    await until(() => decided() && released(), "the decided card and the subscriber's release notice");
    expect(JSON.stringify(h.slack!.messagesIn(dm(SLACK.zhangwei)).find((m) => m.ts === card.ts)!.blocks)).toContain("~ USD · 汇率: 7.1000 → 7.2000");

    expect((await h.req("GET", "/api/v1/config/tables/fx/records/USD", { token: admin })).body.data.values.rate).toBe("7.2000");
    const after = (await h.req("GET", "/api/v1/config/tables/fx", { token: admin })).body.data as { version: number };
    expect(after.version).toBe(before.version + 1);
    expect(await fullRelease()).toMatchObject({ number: releasedBefore.number + 1, version: after.version });
    expect((await h.req("GET", `/api/v1/config/change-sets/${setId}`, { token: admin })).body.data.status).toBe("released");

    // 张伟 rolls back to the version before: 李娜 hears of it in chat too
    const back = await h.req("POST", `/api/v1/config/tables/fx/versions/${before.version}/rollback`, { token: await h.login("zhangwei"), body: { reason: "汇率填错" } });
    expect(back.status, JSON.stringify(back.body)).toBeLessThan(300);
    const rolledBack = () => h.feishu!.messages.items.some((m) => m.content.includes("配置已回滚：汇率（fx）") && m.content.includes("汇率填错"));
    await until(rolledBack, "the subscriber's rollback card");
    expect((await h.req("GET", "/api/v1/config/tables/fx/records/USD", { token: admin })).body.data.values.rate).toBe("7.1000");
  }, 90_000);
});
