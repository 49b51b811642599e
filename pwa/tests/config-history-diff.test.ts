/** The side-by-side rows of a line diff and how values read in it (pure: no browser). */
import { describe, expect, it } from "vitest";
import { showValue, sideBySide } from "../src/ui/diff/line-rows.ts";

describe("config diff rows", () => {
  it("pairs a removed run with the added run after it, keeps same lines on both sides", () => {
    const rows = sideBySide([
      { op: "same", text: "a" },
      { op: "del", text: "b" },
      { op: "del", text: "c" },
      { op: "add", text: "B" },
      { op: "same", text: "d" },
      { op: "add", text: "e" },
    ]);
    expect(rows).toEqual([
      { left: { text: "a", op: "same" }, right: { text: "a", op: "same" } },
      { left: { text: "b", op: "del" }, right: { text: "B", op: "add" } },
      { left: { text: "c", op: "del" }, right: null },
      { left: { text: "d", op: "same" }, right: { text: "d", op: "same" } },
      { left: null, right: { text: "e", op: "add" } },
    ]);
  });

  it("starts a new block when a removal follows additions", () => {
    const rows = sideBySide([{ op: "add", text: "x" }, { op: "del", text: "y" }]);
    expect(rows).toEqual([{ left: null, right: { text: "x", op: "add" } }, { left: { text: "y", op: "del" }, right: null }]);
  });

  it("pretty-prints JSON values and JSON text, leaves other text alone", () => {
    expect(showValue({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(showValue('[1,2]')).toBe("[\n  1,\n  2\n]");
    expect(showValue("{not json}")).toBe("{not json}");
    expect(showValue(null)).toBe("");
    expect(showValue(false)).toBe("false");
  });
});
