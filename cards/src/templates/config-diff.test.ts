import { describe, expect, it } from "vitest";
import { allButtons, type Card } from "../card.ts";
import { missingKeys } from "../i18n.ts";
import { renderDingTalkCard } from "../render/dingtalk.ts";
import { renderFeishu } from "../render/feishu.ts";
import { renderSlack } from "../render/slack.ts";
import { renderWeb } from "../render/web.ts";
import { approvalCard, type ApprovalData } from "./approval.ts";
import { configDiffCard, configDiffText, diffRowsShown, type ConfigDiffData } from "./config-diff.ts";

const at = "2026-12-04T08:30:00Z";
const base: ConfigDiffData = {
  table: "rates", tableName: "费率配置", state: "diff", fromVersion: 3, toVersion: 5, link: "/config/rates/history?from=3&to=5",
  rows: [
    { record: "alipay", field: "费率", before: "0.0300", after: "0.0350" },
    { record: "alipay", field: "备注", before: "", after: "双十二" },
    { record: "unionpay", field: "费率", before: null, after: "0.0100" },
    { record: "legacy", field: "费率", before: "0.0500", after: null },
  ],
};
const text = (c: Card) => JSON.stringify(c);
const APP = { appUrl: "https://ops.example.com" };

describe("config-diff card", () => {
  it("shows a table's diff field by field: record · field, before → after, records counted by kind", () => {
    const card = configDiffCard(base);
    expect(card.header).toEqual({ title: "配置对比：费率配置（rates）", subtitle: "版本 3 → 5 · +1 ~1 -1", tone: "info" });
    const diff = card.blocks.find((b) => b.type === "diff");
    expect(diff).toEqual({
      type: "diff",
      rows: [
        { key: "alipay · 费率", before: "0.0300", after: "0.0350" },
        { key: "alipay · 备注", before: "", after: "双十二" },
        { key: "unionpay · 费率", before: null, after: "0.0100" },
        { key: "legacy · 费率", before: "0.0500", after: null },
      ],
    });
    expect(allButtons(card)).toEqual([{ kind: "link", text: "查看完整对比", url: "/config/rates/history?from=3&to=5" }]);
    expect(configDiffCard(base, "en").header.title).toBe("Config diff: 费率配置 (rates)");
  });

  it("cuts long values and long diffs, says so and points to the full diff", () => {
    const rows = Array.from({ length: 13 }, (_, i) => ({ record: `r${i}`, field: "json", before: "a".repeat(100), after: "b" }));
    const card = configDiffCard({ ...base, rows, totalRows: 25 }, "en");
    const diff = card.blocks.find((b) => b.type === "diff");
    expect(diff?.type === "diff" && diff.rows.length).toBe(10);
    expect(diff?.type === "diff" && diff.rows[0]!.before).toBe(`${"a".repeat(59)}…`);
    expect(text(card)).toContain("… and 15 more changes in the full diff · Long values are cut; the full diff has them whole");
    expect(diffRowsShown(rows.slice(0, 2).map((r) => ({ ...r, before: "short" })))).toMatchObject({ more: 0, cut: false });
  });

  it("words each notice state with who, when, why and the release", () => {
    const gray = configDiffCard({ ...base, state: "gray", release: 7, actor: "张伟", at, reason: "灰度新费率", gray: "20% · app-1" });
    expect(gray.header).toMatchObject({ title: "配置灰度发布：费率配置（rates）", subtitle: "发布 #7 · 版本 3 → 5 · +1 ~1 -1", tone: "warning" });
    expect(text(gray)).toContain('{"label":"操作人","value":"张伟"}');
    expect(text(gray)).toContain('{"label":"时间","value":"2026-12-04 16:30"}');
    expect(text(gray)).toContain('{"label":"灰度范围","value":"20% · app-1"}');
    expect(text(gray)).toContain('{"label":"原因","value":"灰度新费率"}');

    const back = configDiffCard({ ...base, state: "rolled_back", restoredVersion: 2, actor: "zhangwei", reason: "wrong rate", rows: [], counts: { added: 0, changed: 2, removed: 0 } }, "en");
    expect(back.header).toMatchObject({ title: "Config rolled back: 费率配置 (rates)", subtitle: "Version 3 → 5 · +0 ~2 -0" });
    expect(text(back)).toContain('{"label":"Restored version","value":"2"}');

    const rejected = configDiffCard({ ...base, state: "rejected", actor: "zhangwei", link: "/config/change-sets/cs-1" });
    expect(rejected.header).toMatchObject({ title: "配置变更被拒绝：费率配置（rates）", tone: "danger" });
    expect(text(rejected)).toContain('"label":"审批人"');
    expect(allButtons(rejected)).toEqual([{ kind: "link", text: "查看变更", url: "/config/change-sets/cs-1" }]);

    const failed = configDiffCard({ table: "rates", state: "failed", note: "记录 alipay 已不存在", rows: [], link: "/config/change-sets/cs-2" }, "en");
    expect(failed.header.title).toBe("Config change failed to release: rates");
    expect(text(failed)).toContain("记录 alipay 已不存在");
    expect(text(failed)).not.toContain("No changes");
  });

  it("renders the diff on Slack, Feishu, DingTalk and the web with the link to the app", () => {
    const card = configDiffCard({ ...base, state: "released", release: 2 }, "en");
    const slack = JSON.stringify(renderSlack(card, APP));
    expect(slack).toContain("~ alipay · 费率: 0.0300 → 0.0350");
    expect(slack).toContain("+ unionpay · 费率: 0.0100");
    expect(slack).toContain("- legacy · 费率: 0.0500");
    expect(slack).toContain("https://ops.example.com/config/rates/history?from=3&to=5");
    const feishu = JSON.stringify(renderFeishu(card, APP));
    expect(feishu).toContain("~~0.0300~~ → 0.0350");
    expect(feishu).toContain("~~(empty)~~ → 双十二");
    const dingtalk = JSON.stringify(renderDingTalkCard(card, APP));
    expect(dingtalk).toContain("**alipay · 费率**: 0.0300 → 0.0350");
    expect(JSON.stringify(renderWeb(card))).toContain('"key":"legacy · 费率","before":"0.0500","after":null');
  });

  it("has every word in both languages", () => {
    expect(missingKeys(configDiffText)).toEqual([]);
  });
});

describe("approval card with a config diff", () => {
  const approval: ApprovalData = {
    id: "inst-7", title: "费率配置 变更", kind: "配置发布", requester: "lina", submittedAt: at, status: "pending", taskId: "task-7",
    diff: { rows: base.rows, link: "/config/change-sets/cs-7" },
  };

  it("shows the diff above Approve / Reject, and keeps it once decided", () => {
    const card = approvalCard(approval);
    const kinds = card.blocks.map((b) => b.type);
    expect(kinds.indexOf("diff")).toBeGreaterThan(-1);
    expect(kinds.indexOf("diff")).toBeLessThan(kinds.indexOf("input"));
    expect(text(card)).toContain("**变更内容**");
    // all of it shown: no "full change" link besides 查看详情
    expect(allButtons(card).filter((b) => b.kind === "link").map((b) => b.text)).toEqual(["查看详情"]);
    const decided = approvalCard({ ...approval, status: "approved", decidedBy: "zhangwei", decidedAt: at, taskId: undefined }, "en");
    expect(decided.blocks.some((b) => b.type === "diff")).toBe(true);
    expect(text(decided)).toContain("**Changes**");
  });

  it("cuts a long diff at 10 rows with '… and N more' and a link to the change set", () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ record: `r${i}`, field: "费率", before: "0.01", after: "0.02" }));
    const card = approvalCard({ ...approval, diff: { rows, link: "/config/change-sets/cs-7" } }, "en");
    expect(text(card)).toContain("… and 2 more changes in the full change");
    expect(allButtons(card)).toContainEqual({ kind: "link", text: "View full change", url: "/config/change-sets/cs-7" });
    const slack = JSON.stringify(renderSlack(card, APP));
    expect(slack).toContain("approval.approve");
    expect(slack).toContain("~ r9 · 费率: 0.01 → 0.02");
    expect(slack).not.toContain("r10 ·");
    const feishu = JSON.stringify(renderFeishu(card, APP));
    expect(feishu).toContain('"tag":"form"');
    expect(feishu).toContain("https://ops.example.com/config/change-sets/cs-7");
  });
});
