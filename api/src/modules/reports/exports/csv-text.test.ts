import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { csvLines } from "./csv-text.ts";

describe("export CSV text", () => {
  const rows = [
    ["华东", "上海", 1234.5, 7, "2026-11-03"],
    ["a,b", 'say "hi"', "two\nlines", "cr\rhere", null],
    [undefined, true, false, 0, -1.25e-7],
    ["", " padded ", "逗号，全角", "'=SUM(A1)", '"'],
  ];
  it("reads back field for field through a CSV parser, quoting only what needs it", () => {
    const text = csvLines(rows);
    const back = parse(text, { relax_column_count: true }) as string[][];
    expect(back).toEqual(rows.map((r) => r.map((v) => (v === null || v === undefined || v === false ? "" : v === true ? "1" : String(v)))));
    expect(text.split("\n")[0]).toBe("华东,上海,1234.5,7,2026-11-03");
  });
  it("writes the same bytes csv-stringify wrote before", () => {
    expect(csvLines(rows)).toBe(stringify(rows));
    expect(csvLines([])).toBe("");
  });
});
