import { AppError, LOCALES } from "@ops/shared";
import { cardsMessages } from "@ops/shared/i18n/cards.messages.ts";
import { describe, expect, it } from "vitest";
import { decodeDingTalkAction, decodeFeishuAction, decodeSlackAction, decodeWebAction } from "./action-codec.ts";
import { actionButton, type Card } from "./card.ts";
import * as L from "./limits.ts";
import { renderDingTalkCard, renderDingTalkMessage } from "./render/dingtalk.ts";
import { renderFeishu } from "./render/feishu.ts";
import { renderSlack } from "./render/slack.ts";
import { renderWeb } from "./render/web.ts";

const withValue = (value: Record<string, string>, action = "demo.go"): Card => ({
  locale: "zh-CN",
  header: { title: "T", tone: "info" },
  blocks: [{ type: "actions", buttons: [actionButton("Go", action, value)] }],
});

/** A value whose JSON is exactly `size` characters long. */
const valueOfLength = (size: number) => ({ k: "x".repeat(size - '{"k":""}'.length) });

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
}

describe("action values are never cut", () => {
  it.each([
    ["slack", L.SLACK_MAX_BUTTON_VALUE, (c: Card) => renderSlack(c)],
    ["feishu", L.FEISHU_MAX_CALLBACK_VALUE_BYTES, (c: Card) => renderFeishu(c)],
    ["dingtalk card", L.DINGTALK_MAX_PARAM_VALUE, (c: Card) => renderDingTalkCard(c)],
    ["web", L.WEB_MAX_ACTION_VALUE_BYTES, (c: Card) => renderWeb(c)],
  ])("%s accepts a value at its limit and throws one byte over", (_p, max, render) => {
    expect(codeOf(() => render(withValue(valueOfLength(max))))).toBeNull();
    expect(codeOf(() => render(withValue(valueOfLength(max + 1))))).toBe("cards.action_value_too_large");
  });

  it("counts bytes, not characters, where the platform does", () => {
    const chinese = { k: "审".repeat(700) }; // 700 chars but 2,100 bytes
    expect(codeOf(() => renderSlack(withValue(chinese)))).toBeNull();
    expect(codeOf(() => renderFeishu(withValue(chinese)))).toBe("cards.action_value_too_large");
  });

  it("rejects action names outside the grammar on every platform", () => {
    for (const render of [renderSlack, renderFeishu, renderDingTalkCard, renderDingTalkMessage, renderWeb])
      expect(codeOf(() => render(withValue({ id: "1" }, "Approve Now!")))).toBe("cards.invalid_action");
  });

  it("rejects form field names that are malformed or repeated", () => {
    const field = (name: string) => ({ type: "input" as const, name, label: "L" });
    const card = (names: string[]): Card => ({ locale: "en", header: { title: "T", tone: "info" }, blocks: names.map(field) });
    expect(codeOf(() => renderWeb(card(["comment", "note"])))).toBeNull();
    expect(codeOf(() => renderWeb(card(["comment", "comment"])))).toBe("cards.invalid_field_name");
    expect(codeOf(() => renderSlack(card(["Bad Name"])))).toBe("cards.invalid_field_name");
  });

  it("has wording for every error it throws, in both languages", () => {
    for (const code of ["cards.invalid_action", "cards.action_value_too_large", "cards.option_value_too_large", "cards.invalid_field_name"])
      for (const l of LOCALES) expect(cardsMessages[l][code], `${l}:${code}`).toBeTruthy();
  });

  it("rejects select options whose value Slack would cut", () => {
    const card: Card = {
      locale: "en",
      header: { title: "T", tone: "info" },
      blocks: [{ type: "select", name: "pick", label: "Pick", options: [{ label: "a", value: "v".repeat(L.SLACK_MAX_OPTION_VALUE + 1) }] }],
    };
    expect(codeOf(() => renderSlack(card))).toBe("cards.option_value_too_large");
  });
});

describe("callbacks decode to the button's action and value", () => {
  it("Slack: strips the suffix that keeps repeated action_ids unique and reads form state", () => {
    const card: Card = {
      locale: "en",
      header: { title: "T", tone: "info" },
      blocks: [{ type: "actions", buttons: [actionButton("A", "job.retry", { run_id: "r1" }), actionButton("B", "job.retry", { run_id: "r2" })] }],
    };
    const buttons = renderSlack(card).blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));
    expect(buttons.map((b) => b.action_id)).toEqual(["job.retry", "job.retry~1"]);
    const state = { comment: { comment: { value: "ok" } }, period: { period: { selected_option: { value: "last_week" } } } };
    expect(decodeSlackAction(buttons[1]!, state)).toEqual({ action: "job.retry", value: { run_id: "r2" }, inputs: { comment: "ok", period: "last_week" } });
  });

  it("Feishu: reads the callback value object and the form values", () => {
    expect(decodeFeishuAction({ value: { action: "approval.approve", value: { id: "a1" } }, form_value: { comment: "lgtm" } })).toEqual({
      action: "approval.approve",
      value: { id: "a1" },
      inputs: { comment: "lgtm" },
    });
    expect(decodeFeishuAction({ value: JSON.stringify({ action: "x.y", value: { n: 1 } }) })?.value).toEqual({ n: 1 });
    expect(decodeFeishuAction({ value: { something: "else" } })).toBeNull();
  });

  it("DingTalk: parses the doubly encoded content, and the shapes other doc versions show", () => {
    const content = JSON.stringify({ cardPrivateData: { actionIds: ["alert.ack"], params: { value: '{"id":"al_5"}' } } });
    expect(decodeDingTalkAction({ content })).toEqual({ action: "alert.ack", value: { id: "al_5" }, inputs: {} });
    const beside = JSON.stringify({ cardPrivateData: { actionIds: ["alert.ack"] }, params: { value: '{"id":"al_6"}', note: "n" } });
    expect(decodeDingTalkAction({ value: beside })).toEqual({ action: "alert.ack", value: { id: "al_6" }, inputs: { note: "n" } });
    expect(decodeDingTalkAction({ content: "not json" })).toBeNull();
  });

  it("Web: accepts what the PWA posts and refuses a malformed action", () => {
    expect(decodeWebAction({ action: "ticket.comment", value: { id: "t" }, inputs: { comment: "hi", n: 3 } })).toEqual({
      action: "ticket.comment",
      value: { id: "t" },
      inputs: { comment: "hi" },
    });
    expect(decodeWebAction({ action: "../etc" })).toBeNull();
  });
});
