import { describe, expect, it } from "vitest";
import { actionButton, linkButton, type Card } from "../card.ts";
import { checkFeishu } from "../check/feishu.ts";
import { nodes } from "../testing/render-all.ts";
import { renderFeishu } from "./feishu.ts";

const card = (blocks: Card["blocks"]): Card => ({ locale: "en", header: { title: "Alert", tone: "danger" }, blocks, summary: "sum" });

describe("renderFeishu", () => {
  it("emits card JSON 2.0 with the tone as header colour and the summary as preview", () => {
    const out = renderFeishu(card([]));
    expect(out.schema).toBe("2.0");
    expect(out.config).toEqual({ update_multi: true, summary: { content: "sum" } });
    expect(out.header.template).toBe("red");
  });

  it("wraps form fields and the following buttons in one form that submits", () => {
    const out = renderFeishu(
      card([
        { type: "input", name: "comment", label: "Comment", optional: true },
        { type: "actions", buttons: [actionButton("OK", "approval.approve", { id: "a" }), linkButton("Open", "https://x.co")] },
      ]),
    );
    const [form, links] = out.body.elements;
    expect(form!.tag).toBe("form");
    const inside = nodes(form!.elements);
    expect(inside.find((n) => n.tag === "input")).toMatchObject({ name: "comment", required: false });
    expect(inside.find((n) => n.tag === "button")).toMatchObject({ form_action_type: "submit", behaviors: [{ type: "callback", value: { action: "approval.approve", value: { id: "a" } } }] });
    // A link button would submit the form if it sat inside it.
    expect(nodes(links).find((n) => n.tag === "button")).toMatchObject({ behaviors: [{ type: "open_url", default_url: "https://x.co" }] });
    expect(checkFeishu(out)).toEqual([]);
  });

  it("uses the table component with at most ten rows a page", () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ a: `${i}` }));
    const table = renderFeishu(card([{ type: "table", columns: [{ key: "a", label: "A", align: "right" }], rows }])).body.elements[0]!;
    expect(table).toMatchObject({ tag: "table", page_size: 10, columns: [{ name: "c0", display_name: "A", data_type: "text", horizontal_align: "right" }] });
    expect((table.rows as unknown[]).length).toBe(30);
  });

  it("colours diff lines and keeps user text from becoming markup", () => {
    const out = renderFeishu(card([{ type: "diff", rows: [{ key: "a*b", before: null, after: "<at id=all></at>" }] }]));
    expect(out.body.elements[0]!.content).toBe("<font color='green'>+ **a\\*b**: &lt;at id=all&gt;&lt;/at&gt;</font>");
  });

  it("uses an uploaded image key when given one, a link otherwise", () => {
    const blocks: Card["blocks"] = [{ type: "image", url: "https://x.co/c.png", alt: "chart" }];
    expect(renderFeishu(card(blocks), { imageKeys: { "https://x.co/c.png": "img_v2_1" } }).body.elements[0]).toEqual({
      tag: "img",
      img_key: "img_v2_1",
      alt: { tag: "plain_text", content: "chart" },
    });
    expect(renderFeishu(card(blocks)).body.elements[0]!.content).toBe("[🖼 chart](https://x.co/c.png)");
  });

  it("counts nested plain_text objects towards the 200 element limit", () => {
    const buttons = Array.from({ length: 70 }, (_, i) => actionButton(`b${i}`, "demo.go", { i }));
    const out = renderFeishu(card([{ type: "actions", buttons }]));
    expect(checkFeishu(out)).toEqual([]);
    expect(nodes(out).filter((n) => typeof n.tag === "string").length).toBeLessThanOrEqual(200);
  });
});
