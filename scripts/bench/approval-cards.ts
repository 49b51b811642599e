/**
 * Approval cards: how long from an Approve click to the LAST in-place card update reaching the
 * chat stand-ins. In one process (the bot harness: API, bot workers, SQLite, the Slack and Feishu
 * stand-ins): or-sign approvals of 周杰 (Slack) and 郑宇 (Feishu) started by 李娜 (Slack), so each
 * instance has three posted cards (two approvers', the initiator's). Rows, each over --approvals
 * fresh instances, one at a time:
 *
 *   1. baseline: the plain `POST /approval-tasks/{id}/approve` HTTP call (in-process), to its response;
 *   2. Slack click: a signed block_actions callback on 周杰's card → the last of the three card
 *      updates (chat.update ×2, Feishu PATCH ×1) showing the decision;
 *   3. web console click: `POST /api/v1/chat/actions` as 郑宇 → the same three updates.
 *
 * Prints p50/p99/max per row and the ratio of p99 to the baseline's; the goal is p99 ≤ 300 ms for
 * rows 2 and 3. Exits 1 when an update never arrives. Not a test:
 *
 *   bun scripts/bench/approval-cards.ts [--approvals 40]
 */
import { parseArgs } from "node:util";
import { approvalsApi, simpleDef } from "../../api/src/modules/approvals/approvals.testkit.ts";
import { startBotHarness } from "../../bot/src/testing/bot-harness.ts";
import { summarize, type Summary } from "./stats.ts";

const { values: args } = parseArgs({ options: { approvals: { type: "string", default: "40" } } });
const N = Number(args.approvals);
const TARGET_P99_MS = 300;
const UPDATE_TIMEOUT_MS = 10_000;
const SLACK = { zhoujie: "U0000ALICE", lina: "U0000BOB01" } as const;
const FEISHU_ZHENGYU = "ou_fake_alice";
const DECIDED = "已由 ";
const PEOPLE = ["admin", "lina", "zhoujie", "zhengyu"];
/** approvals (test-clock minutes) between sign-ins */
const SIGN_IN_EVERY = 5;

const dm = (user: string) => `D${user.slice(1)}`;

type Cards = { zhoujie: string; lina: string; zhengyu: string; task: { zhoujie: string; zhengyu: string }; instance: string };

async function main() {
  const h = await startBotHarness({ slack: true, feishu: { encryptKey: "bench-encrypt-key" }, notify: true });
  try {
    const a = approvalsApi(h);
    await a.signIn(PEOPLE);
    await h.bind("slack", SLACK.zhoujie, "zhoujie");
    await h.bind("slack", SLACK.lina, "lina");
    await h.bind("feishu", FEISHU_ZHENGYU, "zhengyu");
    const key = await a.publish(simpleDef("bench-or", { type: "users", users: [a.ids.zhoujie, a.ids.zhengyu] }));
    let seq = 0;

    /** A new instance and its three posted cards (waits for them). */
    async function started(): Promise<Cards> {
      // notify caps each recipient at so many messages a minute: a minute of the test clock per approval keeps under it
      h.advance(61_000);
      // and fresh sign-ins before the access tokens' lifetime passes on that clock
      if (seq % SIGN_IN_EVERY === 0) await a.signIn(PEOPLE);
      const title = `bench approval ${++seq}`;
      const inst = await a.start("lina", key, { amount: seq }, { title });
      const find = () => ({
        zhoujie: h.slack!.messagesIn(dm(SLACK.zhoujie)).find((m) => JSON.stringify(m.blocks).includes(title))?.ts,
        lina: h.slack!.messagesIn(dm(SLACK.lina)).find((m) => JSON.stringify(m.blocks).includes(title))?.ts,
        zhengyu: h.feishu!.messages.items.find((m) => m.content.includes(title))?.message_id,
      });
      await until(() => Object.values(find()).every(Boolean), `the cards of ${title}`);
      await h.settled();
      const f = find();
      const task = { zhoujie: (await a.taskOf("zhoujie", inst.id))!, zhengyu: (await a.taskOf("zhengyu", inst.id))! };
      return { zhoujie: f.zhoujie!, lina: f.lina!, zhengyu: f.zhengyu!, task, instance: inst.id };
    }

    function until(pred: () => boolean, what: string): Promise<void> {
      return new Promise((resolve, reject) => {
        const offs: Array<() => void> = [];
        const done = (fn: () => void) => (clearTimeout(timer), offs.forEach((o) => o()), fn());
        const timer = setTimeout(() => done(() => reject(new Error(`${what}: not within ${UPDATE_TIMEOUT_MS} ms`))), UPDATE_TIMEOUT_MS);
        const check = () => pred() && done(resolve);
        for (const j of [h.slack!.messages, h.slack!.edits, h.feishu!.messages, h.feishu!.edits]) offs.push(j.subscribe(check));
        check();
      });
    }

    /** Resolves with the time the last of the three cards' decided updates arrived at its stand-in. */
    function lastUpdate(c: Cards): Promise<number> {
      const seen = new Map<string, number>();
      return new Promise((resolve, reject) => {
        const offs: Array<() => void> = [];
        const done = (fn: () => void) => (clearTimeout(timer), offs.forEach((o) => o()), fn());
        const timer = setTimeout(() => done(() => reject(new Error(`updates of ${c.instance}: ${seen.size}/3 within ${UPDATE_TIMEOUT_MS} ms`))), UPDATE_TIMEOUT_MS);
        const mark = (ref: string, content: string) => {
          if (content.includes(DECIDED)) seen.set(ref, performance.now());
          if (seen.size === 3) done(() => resolve(Math.max(...seen.values())));
        };
        offs.push(h.slack!.edits.subscribe((m) => (m.ts === c.zhoujie || m.ts === c.lina) && mark(m.ts, JSON.stringify(m.blocks))));
        offs.push(h.feishu!.edits.subscribe((m) => m.message_id === c.zhengyu && mark(m.message_id, m.content)));
      });
    }

    const rows: Array<{ name: string; s: Summary }> = [];
    const row = async (name: string, one: (c: Cards) => Promise<number>) => {
      const times: number[] = [];
      for (let i = 0; i < N; i++) times.push(await one(await started()));
      rows.push({ name, s: summarize(times) });
    };

    await row("approve HTTP call (baseline)", async (c) => {
      const t0 = performance.now();
      const r = await a.act("zhoujie", c.task.zhoujie, "approve");
      if (r.status !== 200) throw new Error(`approve answered ${r.status}`);
      const ms = performance.now() - t0;
      await h.settled();
      return ms;
    });
    await row("Slack click → last card update", async (c) => {
      const last = lastUpdate(c);
      const t0 = performance.now();
      const r = await h.slack!.sendBlockAction(`${h.url}/bot/slack/events`, { channel_id: dm(SLACK.zhoujie), message_ts: c.zhoujie, action_id: "approval.approve", user_id: SLACK.zhoujie });
      if (r.status !== 200) throw new Error(`click answered ${r.status}`);
      const ms = (await last) - t0;
      await h.settled();
      return ms;
    });
    await row("console click → last card update", async (c) => {
      const last = lastUpdate(c);
      const t0 = performance.now();
      const r = await h.req("POST", "/api/v1/chat/actions", { token: a.tok.zhengyu, body: { action: "approval.approve", value: { id: c.instance, task: c.task.zhengyu }, inputs: {} } });
      if (r.status !== 200) throw new Error(`console click answered ${r.status}`);
      const ms = (await last) - t0;
      await h.settled();
      return ms;
    });

    const base = rows[0]!.s;
    console.log(`approval cards: ${N} or-sign approvals per row, 3 posted cards each (2 Slack, 1 Feishu), one at a time, in one process`);
    console.log(`  ${"row".padEnd(34)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} ${"p99/baseline".padStart(13)}`);
    for (const { name, s } of rows) {
      console.log(`  ${name.padEnd(34)} ${s.p50.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)} ${s.max.toFixed(1).padStart(8)} ${(s.p99 / base.p99).toFixed(1).padStart(12)}x`);
    }
    const worst = Math.max(...rows.slice(1).map((r) => r.s.p99));
    console.log(`  click → last update p99 ${worst.toFixed(1)} ms (goal ≤ ${TARGET_P99_MS} ms): ${worst <= TARGET_P99_MS ? "met" : "MISSED"}`);
  } finally {
    await h.close();
  }
}

await main().catch((e) => {
  console.error(e);
  process.exit(1);
});
