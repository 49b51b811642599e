import { describe, expect, it } from "vitest";
import { actionButton, linkButton, type Card } from "../card.ts";
import { checkSlack } from "../check/slack.ts";
import { renderSlack } from "./slack.ts";
import { toMrkdwn } from "./slack-mrkdwn.ts";

const card = (blocks: Card["blocks"], extra: Partial<Card> = {}): Card => ({
  locale: "en",
  header: { title: "Deploy", subtitle: "prod", tone: "success" },
  blocks,
  ...extra,
});

describe("toMrkdwn", () => {
  it("converts bold, italic, strike, headings and links", () => {
    expect(toMrkdwn("# Title\n**bold** and *italic* and ~~gone~~ and [docs](https://x.co/a?b=1&c=2)")).toBe(
      "*Title*\n*bold* and _italic_ and ~gone~ and <https://x.co/a?b=1&amp;c=2|docs>",
    );
  });

  it("escapes what would become mentions or links, and leaves code alone apart from escaping", () => {
    expect(toMrkdwn("<!channel> & `**x** <y>`")).toBe("&lt;!channel&gt; &amp; `**x** &lt;y&gt;`");
  });
});

describe("renderSlack", () => {
  it("puts the tone in the header and the summary in the notification text", () => {
    const out = renderSlack(card([{ type: "markdown", text: "hi" }], { summary: "Deployed" }));
    expect(out.text).toBe("Deployed");
    expect(out.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "🟢 Deploy", emoji: true } });
    expect(out.blocks[1]).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "prod" }] });
  });

  it("escapes the notification text so a title cannot ping the channel", () => {
    expect(renderSlack(card([], { summary: "<!channel> down" })).text).toBe("&lt;!channel&gt; down");
  });

  it("splits fields into sections of ten", () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `k${i}`, value: `v${i}` }));
    const out = renderSlack(card([{ type: "fields", fields }]));
    const sections = out.blocks.filter((b) => b.type === "section");
    expect(sections.map((s) => ("fields" in s ? s.fields.length : 0))).toEqual([10, 2]);
  });

  it("gives confirm dialogs the localised default buttons and the danger style", () => {
    const out = renderSlack({
      ...card([{ type: "actions", buttons: [actionButton("Drop", "db.drop", { id: 1 }, { style: "danger", confirm: { title: "Sure?", text: "No undo" } })] }]),
      locale: "zh-CN",
    });
    const actions = out.blocks.find((b) => b.type === "actions");
    expect(actions?.type === "actions" && actions.elements[0]!.confirm).toEqual({
      title: { type: "plain_text", text: "Sure?", emoji: true },
      text: { type: "plain_text", text: "No undo", emoji: true },
      confirm: { type: "plain_text", text: "确定", emoji: true },
      deny: { type: "plain_text", text: "取消", emoji: true },
      style: "danger",
    });
  });

  it("resolves app paths for links and drops them when there is no app URL", () => {
    const blocks: Card["blocks"] = [{ type: "actions", buttons: [linkButton("Open", "/runs/1"), actionButton("Retry", "job.retry", { id: 1 })] }];
    const withUrl = renderSlack(card(blocks), { appUrl: "https://ops.example.com/" });
    expect(JSON.stringify(withUrl)).toContain('"url":"https://ops.example.com/runs/1"');
    const without = renderSlack(card(blocks));
    expect(JSON.stringify(without)).not.toContain('"url"');
    expect(checkSlack(without)).toEqual([]);
  });

  it("renders a table as aligned text and says how many rows are missing", () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ a: `row ${i}`, b: "x".repeat(20) }));
    const out = renderSlack(card([{ type: "table", columns: [{ key: "a", label: "A" }, { key: "b", label: "B" }], rows }]), {
      appUrl: "https://ops.example.com",
    });
    const text = JSON.stringify(out.blocks);
    expect(text).toContain("A | B");
    expect(text).toMatch(/\+\d+ more rows/);
    expect(checkSlack(out)).toEqual([]);
  });

  it("reports what the checker refuses", () => {
    expect(checkSlack({ text: "", blocks: Array.from({ length: 51 }, () => ({ type: "divider" as const })) })).toEqual([
      "empty text",
      "51 blocks > 50",
    ]);
  });
});
