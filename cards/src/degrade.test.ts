import { LOCALES } from "@ops/shared";
import { describe, expect, it } from "vitest";
import { actionButton, type Card } from "./card.ts";
import { checkFeishu, feishuCardBytes } from "./check/feishu.ts";
import { budgetSteps, shrinkCard } from "./degrade.ts";
import * as L from "./limits.ts";
import { renderDingTalkMessage } from "./render/dingtalk.ts";
import { renderFeishu } from "./render/feishu.ts";
import { renderSlack } from "./render/slack.ts";
import { hugeCard } from "./testing/fixtures.ts";
import { APP_URL, TARGETS, decodedActions, nodes, problems, renderEverywhere } from "./testing/render-all.ts";
import { jsonBytes } from "./text.ts";

const base = (blocks: Card["blocks"]): Card => ({
  locale: "en",
  header: { title: "T", tone: "info" },
  blocks,
  link: "/things/1",
});

describe.each(LOCALES)("a deliberately huge card (%s)", (locale) => {
  const out = renderEverywhere(hugeCard(locale));

  it("is cut down to fit every platform instead of being rejected", () => {
    const found = problems(out);
    for (const t of TARGETS) expect(found[t], t).toEqual([]);
  });

  it("respects the byte budgets as sent", () => {
    expect(feishuCardBytes(out.feishu)).toBeLessThanOrEqual(L.FEISHU_MAX_CARD_BYTES);
    expect(jsonBytes(out.dingtalkMessage)).toBeLessThanOrEqual(L.DINGTALK_MAX_MESSAGE_BYTES);
    expect(jsonBytes(out.dingtalkCard)).toBeLessThanOrEqual(L.DINGTALK_MAX_CARD_DATA_BYTES);
    expect(jsonBytes(out.web)).toBeLessThanOrEqual(L.WEB_MAX_CARD_BYTES);
    expect(out.slack.blocks.length).toBeLessThanOrEqual(L.SLACK_MAX_BLOCKS);
  });

  it("says it was cut and links to the full view in the app on every platform", () => {
    const link = `${APP_URL}/reports/huge`;
    expect(JSON.stringify(out.slack.blocks.at(-1))).toContain(`<${link}|`);
    expect(JSON.stringify(out.feishu.body.elements.at(-1))).toContain(`](${link})`);
    expect(out.dingtalkCard.cardData.cardParamMap.link_url).toBe(link);
    expect(JSON.stringify(out.dingtalkMessage)).toContain(`](${link})`);
    expect(out.web.notice).not.toBeNull();
    expect(out.web.link).toBe("/reports/huge");
  });

  it("ends cut text with an ellipsis", () => {
    const texts = nodes(out.slack.blocks).map((n) => n.text).filter((t): t is string => typeof t === "string");
    expect(texts.some((t) => t.endsWith("…"))).toBe(true);
    const header = out.slack.blocks[0];
    expect(header?.type === "header" && header.text.text.endsWith("…")).toBe(true);
  });

  it("keeps the buttons it can, each still decoding to its action and value", () => {
    for (const [platform, actions] of Object.entries(decodedActions(out))) {
      expect(actions.length, platform).toBeGreaterThan(0);
      actions.forEach((a, i) => expect(a, platform).toEqual({ action: "demo.click", value: { i }, inputs: {} }));
    }
  });
});

describe("shrinkCard", () => {
  it("drops table rows beyond the budget with a +N more note", () => {
    const card = base([{ type: "table", columns: [{ key: "a", label: "A" }], rows: Array.from({ length: 500 }, (_, i) => ({ a: `${i}` })) }]);
    const { card: small, truncated } = shrinkCard(card, { ...L.WEB_BUDGET, rows: 20 });
    expect(truncated).toBe(true);
    expect(small.blocks[0]!.type === "table" && small.blocks[0].rows.length).toBe(20);
    expect(small.blocks[1]).toEqual({ type: "context", text: "+480 more rows" });
  });

  it("keeps every interactive block and content blocks up to the budget", () => {
    const blocks: Card["blocks"] = [
      ...Array.from({ length: 10 }, (_, i) => ({ type: "context" as const, text: `c${i}` })),
      { type: "actions", buttons: [actionButton("Go", "demo.go", { id: 1 })] },
    ];
    const { card } = shrinkCard(base(blocks), { ...L.WEB_BUDGET, blocks: 3 });
    expect(card.blocks.map((b) => b.type)).toEqual(["context", "context", "context", "actions"]);
  });

  it("leaves a card that fits untouched", () => {
    const card = base([{ type: "markdown", text: "short" }]);
    expect(shrinkCard(card, L.SLACK_BUDGET)).toEqual({ card, truncated: false });
  });

  it("halves the budget step by step, never below one", () => {
    const steps = budgetSteps(L.SLACK_BUDGET);
    expect(steps[1]!.textChars).toBe(L.SLACK_BUDGET.textChars / 2);
    expect(Math.min(...Object.values(steps.at(-1)!))).toBeGreaterThanOrEqual(1);
  });
});

describe("per-platform degradation", () => {
  it("keeps a 20 KB markdown block under Slack's section limit, ending in …", () => {
    const out = renderSlack(base([{ type: "markdown", text: "word ".repeat(4000) }]), { appUrl: APP_URL });
    const section = out.blocks.find((b) => b.type === "section");
    expect(section && "text" in section && section.text.text.length).toBeLessThanOrEqual(L.SLACK_MAX_SECTION_TEXT);
    expect(section && "text" in section && section.text.text.endsWith("…")).toBe(true);
  });

  it("chunks 60 buttons into actions blocks of at most 25 on Slack", () => {
    const buttons = Array.from({ length: 60 }, (_, i) => actionButton(`b${i}`, "demo.click", { i }));
    const out = renderSlack({ ...base([{ type: "actions", buttons }]) }, { appUrl: APP_URL });
    const actions = out.blocks.filter((b) => b.type === "actions");
    expect(actions.every((b) => b.type === "actions" && b.elements.length <= L.SLACK_MAX_ACTIONS_ELEMENTS)).toBe(true);
    const ids = actions.flatMap((b) => (b.type === "actions" ? b.elements.map((e) => e.action_id) : []));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("turns tables beyond Feishu's five into markdown", () => {
    const table = { type: "table" as const, columns: [{ key: "a", label: "A" }], rows: [{ a: "1" }] };
    const out = renderFeishu(base(Array.from({ length: 7 }, () => table)));
    expect(out.body.elements.filter((e) => e.tag === "table")).toHaveLength(L.FEISHU_MAX_TABLES);
    expect(checkFeishu(out)).toEqual([]);
  });

  it("still sends a DingTalk message without an app URL, saying it was cut", () => {
    const out = renderDingTalkMessage(hugeCard("en"));
    expect(jsonBytes(out)).toBeLessThanOrEqual(L.DINGTALK_MAX_MESSAGE_BYTES);
    expect(JSON.stringify(out)).toContain("Content was too long");
  });
});
