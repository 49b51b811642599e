import { describe, expect, it } from "vitest";
import { actionButton, linkButton, type Card } from "../card.ts";
import { checkDingTalkCard, checkDingTalkMessage } from "../check/dingtalk.ts";
import { renderDingTalkCard, renderDingTalkMessage } from "./dingtalk.ts";

const APP = "https://ops.example.com";
const card = (blocks: Card["blocks"]): Card => ({ locale: "zh-CN", header: { title: "审批", tone: "warning" }, blocks, link: "/approvals/1" });
const approve = actionButton("同意", "approval.approve", { id: "1" }, { style: "primary" });

describe("renderDingTalkCard", () => {
  it("fills the generic template with string variables only", () => {
    const out = renderDingTalkCard(card([{ type: "markdown", text: "**hi**" }, { type: "actions", buttons: [approve] }]), { templateId: "tpl.schema" });
    expect(out.cardTemplateId).toBe("tpl.schema");
    expect(Object.values(out.cardData.cardParamMap).every((v) => typeof v === "string")).toBe(true);
    expect(out.cardData.cardParamMap).toMatchObject({ title: "审批", tone: "warning", markdown: "**hi**", link_url: "" });
    expect(JSON.parse(out.cardData.cardParamMap.buttons!)).toEqual([
      { text: "同意", style: "primary", action: "approval.approve", value: '{"id":"1"}', url: "", confirm_title: "", confirm_text: "" },
    ]);
    expect(checkDingTalkCard(out)).toEqual([]);
  });

  it("carries the first text input in the template when a button can send it; further fields point to the app", () => {
    const out = renderDingTalkCard(card([
      { type: "input", name: "comment", label: "审批意见", placeholder: "拒绝时必填", maxLength: 500, optional: true },
      { type: "input", name: "other", label: "备注" },
      { type: "actions", buttons: [approve] },
    ]), { appUrl: APP });
    expect(out.cardData.cardParamMap).toMatchObject({ input_name: "comment", input_label: "审批意见", input_placeholder: "拒绝时必填", input_max_length: "500" });
    expect(out.cardData.cardParamMap.markdown).not.toContain("审批意见");
    expect(out.cardData.cardParamMap.markdown).toContain("请在应用中填写：备注");
    expect(checkDingTalkCard(out)).toEqual([]);
    // no input: the variables are still sent, empty, so an update by key hides the input
    expect(renderDingTalkCard(card([{ type: "actions", buttons: [approve] }])).cardData.cardParamMap).toMatchObject({ input_name: "", input_label: "" });
  });

  it("points form fields to the app, with the link, without claiming anything was cut", () => {
    const out = renderDingTalkCard(card([{ type: "input", name: "comment", label: "审批意见" }]), { appUrl: APP });
    expect(out.cardData.cardParamMap.markdown).toContain("请在应用中填写：审批意见");
    expect(out.cardData.cardParamMap.markdown).not.toContain("已截断");
    expect(out.cardData.cardParamMap.link_url).toBe(`${APP}/approvals/1`);
  });
});

describe("renderDingTalkMessage", () => {
  it("is plain markdown when nothing can be clicked", () => {
    const out = renderDingTalkMessage(card([{ type: "fields", fields: [{ label: "申请人", value: "<张伟>" }] }]));
    expect(out).toEqual({ msgtype: "markdown", markdown: { title: "审批", text: "### 🟠 审批\n\n**申请人**：‹张伟›" } });
  });

  it("turns actions into the caller's signed links", () => {
    const out = renderDingTalkMessage(card([{ type: "actions", buttons: [approve, linkButton("详情", "/approvals/1")] }]), {
      appUrl: APP,
      actionUrl: ({ action, value }) => `${APP}/a?do=${action}&id=${String(value.id)}&sig=abc`,
    });
    expect(out.msgtype === "actionCard" && out.actionCard.btns).toEqual([
      { title: "同意", actionURL: `${APP}/a?do=approval.approve&id=1&sig=abc` },
      { title: "详情", actionURL: `${APP}/approvals/1` },
    ]);
    expect(out.msgtype === "actionCard" && out.actionCard.btnOrientation).toBe("1");
    expect(checkDingTalkMessage(out)).toEqual([]);
  });

  it("sends actions it cannot link to the app, once", () => {
    const reject = actionButton("拒绝", "approval.reject", { id: "1" });
    const out = renderDingTalkMessage(card([{ type: "actions", buttons: [approve, reject] }]), { appUrl: APP });
    expect(out.msgtype === "actionCard" && out.actionCard.btns).toEqual([{ title: "在应用中打开", actionURL: `${APP}/approvals/1` }]);
  });

  it("renders diffs and tables as lists", () => {
    const out = renderDingTalkMessage(
      card([
        { type: "diff", rows: [{ key: "a", before: "1", after: "2" }, { key: "b", before: null, after: "3" }] },
        { type: "table", columns: [{ key: "x", label: "X" }], rows: [{ x: "1" }] },
      ]),
    );
    const text = out.msgtype === "markdown" ? out.markdown.text : "";
    expect(text).toContain("- <font color=#FF8800>~</font> **a**: 1 → 2");
    expect(text).toContain("- <font color=#34C724>+</font> **b**: 3");
    expect(text).toContain("**X**\n- 1");
  });
});
