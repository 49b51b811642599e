import { describe, expect, it } from "vitest";
import { allButtons, type ActionButton, type Card } from "../card.ts";
import { missingKeys } from "../i18n.ts";
import { renderFeishu } from "../render/feishu.ts";
import { renderSlack } from "../render/slack.ts";
import { approvalCard, approvalText, type ApprovalData } from "./approval.ts";
import { approvalListCard, approvalListText } from "./approval-list.ts";

const base: ApprovalData = {
  id: "inst-1", title: "采购笔记本电脑", kind: "采购申请", requester: "宋佳", submittedAt: "2026-11-23T05:00:00Z", status: "pending",
  details: [{ label: "金额", value: "12000" }], step: { current: 1, total: 2, name: "主管审批" },
  attachments: [{ name: "报价单.pdf", url: "/api/v1/approvals/inst-1/attachments/a1" }],
};
const actions = (c: Card) => allButtons(c).filter((b): b is ActionButton => b.kind === "action");
const text = (c: Card) => JSON.stringify(c.blocks);

describe("approval card", () => {
  it("gives the assignee Approve / Reject on their task with a comment input, the reject asking for the reason first", () => {
    const card = approvalCard({ ...base, taskId: "task-9" });
    expect(card.header).toMatchObject({ title: "采购笔记本电脑", subtitle: "采购申请 · 待审批", tone: "warning" });
    expect(actions(card).map((b) => [b.action, b.value])).toEqual([
      ["approval.approve", { id: "inst-1", task: "task-9" }],
      ["approval.reject", { id: "inst-1", task: "task-9" }],
    ]);
    expect(actions(card)[1]!.confirm?.text).toContain("拒绝理由");
    expect(card.blocks).toContainEqual(expect.objectContaining({ type: "input", name: "comment" }));
    // initiator, key form fields, step and the attachment as a link
    expect(text(card)).toContain("宋佳");
    expect(text(card)).toContain('"label":"金额","value":"12000"');
    expect(text(card)).toContain("第 1/2 步 主管审批");
    expect(allButtons(card)).toContainEqual({ kind: "link", text: "附件：报价单.pdf", url: "/api/v1/approvals/inst-1/attachments/a1" });
  });

  it("is read-only for CC recipients and the initiator, and says so in English too", () => {
    const card = approvalCard({ ...base, readOnly: true }, "en");
    expect(actions(card)).toEqual([]);
    expect(card.blocks.some((b) => b.type === "input")).toBe(false);
    expect(card.header.subtitle).toBe("采购申请 · pending");
    expect(text(card)).toContain("Step 1 of 2 主管审批");
    expect(text(card)).toContain("Attachment: 报价单.pdf");
  });

  it("shows the decision instead of buttons: who and when, in the reader's language and the card's zone", () => {
    const decided = { ...base, taskId: "task-9", status: "approved" as const, decidedBy: "张三", decidedAt: "2026-11-23T06:02:00Z", comment: "同意采购" };
    const zh = approvalCard(decided);
    expect(actions(zh)).toEqual([]);
    expect(zh.header.tone).toBe("success");
    expect(text(zh)).toContain("已由 张三 同意 · 14:02");
    expect(text(zh)).toContain("同意采购");
    expect(text(approvalCard(decided, "en"))).toContain("Approved by 张三 · 14:02");
    // decided another day than submitted: the date too
    expect(text(approvalCard({ ...decided, status: "rejected", decidedAt: "2026-11-24T06:02:00Z" }, "en"))).toContain("Rejected by 张三 · 2026-11-24 14:02");
  });

  it("says why an urge or a reminder came", () => {
    expect(text(approvalCard({ ...base, taskId: "t", notice: "urged" }))).toContain("发起人催办");
    expect(text(approvalCard({ ...base, taskId: "t", notice: "remind" }, "en"))).toContain("Reminder: this approval is waiting past its time limit");
  });

  it("renders on Slack and Feishu with the input and both buttons", () => {
    const card = approvalCard({ ...base, taskId: "task-9" }, "en");
    const slack = JSON.stringify(renderSlack(card));
    expect(slack).toContain("approval.reject");
    expect(slack).toContain("plain_text_input");
    const feishu = JSON.stringify(renderFeishu(card));
    expect(feishu).toContain('"tag":"form"');
    expect(feishu).toContain("approval.approve");
  });

  it("has every word in both languages", () => {
    expect(missingKeys(approvalText)).toEqual([]);
    expect(missingKeys(approvalListText)).toEqual([]);
  });
});

describe("approval list card", () => {
  const item = { instanceId: "inst-1", taskId: "0193-aaaa-bbbbcccc", shortId: "bbbbcccc", title: "采购笔记本电脑", requester: "宋佳", ageMs: 3 * 3600_000 + 5 * 60_000 };

  it("lists my pending tasks with short id, requester and age, each with Approve and Open", () => {
    const card = approvalListCard({ items: [item], total: 1, prefix: "/ops" });
    expect(card.header).toMatchObject({ title: "待我审批", subtitle: "共 1 条" });
    expect(text(card)).toContain("bbbbcccc · 申请人 宋佳 · 已等待 3 小时");
    expect(actions(card).map((b) => [b.action, b.value])).toEqual([
      ["approval.approve", { id: "inst-1", task: "0193-aaaa-bbbbcccc" }],
      ["approval.open", { id: "inst-1", task: "0193-aaaa-bbbbcccc" }],
    ]);
    expect(text(card)).toContain("/ops reject bbbbcccc <reason>");
  });

  it("says when nothing waits, in English too", () => {
    const card = approvalListCard({ items: [], total: 0, prefix: "" }, "en");
    expect(text(card)).toContain("Nothing is waiting for your approval.");
    expect(actions(card)).toEqual([]);
  });
});
