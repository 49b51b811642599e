import { describe, expect, it } from "vitest";
import { actionButton, type Card } from "../card.ts";
import { checkWeb } from "../check/web.ts";
import { renderWeb } from "./web.ts";

describe("renderWeb", () => {
  const card: Card = {
    locale: "en",
    header: { title: "Run", tone: "danger" },
    blocks: [
      { type: "input", name: "comment", label: "Comment" },
      { type: "actions", buttons: [actionButton("Cancel", "job.cancel", { run_id: "r" }, { confirm: { title: "Sure?", text: "Stops it" } })] },
    ],
    link: "/jobs/runs/r",
  };

  it("keeps the neutral type-tagged blocks and fills in confirm wording", () => {
    const out = renderWeb(card);
    expect(out).toMatchObject({ version: 1, locale: "en", header: { title: "Run", tone: "danger" }, summary: "Run", link: "/jobs/runs/r", notice: null });
    expect(out.blocks[0]).toEqual(card.blocks[0]);
    expect(out.blocks[1]).toEqual({
      type: "actions",
      buttons: [{ kind: "action", text: "Cancel", action: "job.cancel", value: { run_id: "r" }, confirm: { title: "Sure?", text: "Stops it", confirm: "Confirm", deny: "Cancel" } }],
    });
    expect(checkWeb(out)).toEqual([]);
  });

  it("is plain JSON that survives a round trip", () => {
    const out = renderWeb(card);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});
