import { describe, expect, it } from "vitest";
import { AppError } from "@ops/shared";
import { gbk, mergedHeaderXlsx, simpleXlsx, utf8Bom } from "./fixtures/files.ts";
import { convert, parseDate, parseDateTime, parseNumber } from "./infer.ts";
import { columnNames } from "./columns.ts";
import { parseUpload } from "./parse-upload.ts";
import { detectDelimiter } from "./read-csv.ts";

const text = (s: string) => new TextEncoder().encode(s);

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("upload values", () => {
  it("reads numbers with separators, currency and percent; codes with leading zeros and long ids stay text", () => {
    expect(parseNumber("12,345.6")).toBe(12345.6);
    expect(parseNumber("¥1,200")).toBe(1200);
    expect(parseNumber("￥ 88.5")).toBe(88.5);
    expect(parseNumber("-¥3")).toBe(-3);
    expect(parseNumber("12.5%")).toBe(0.125);
    expect(parseNumber("1.2E+5")).toBe(120000);
    expect(parseNumber("0.5")).toBe(0.5);
    expect(parseNumber("00123")).toBeNull();
    expect(parseNumber("110101199001011234")).toBeNull();
    expect(parseNumber("12,34")).toBeNull();
    expect(parseNumber("abc")).toBeNull();
  });

  it("reads dates and datetimes in the common spellings", () => {
    expect(parseDate("2024/1/5")).toBe("2024-01-05");
    expect(parseDate("2024年1月5日")).toBe("2024-01-05");
    expect(parseDate("2024-02-30")).toBeNull();
    expect(parseDateTime("2024/1/5 9:30")).toBe("2024-01-05 09:30:00");
    expect(parseDateTime("2024-01-05T10:00:00+08:00")).toBe("2024-01-05 02:00:00");
    expect(convert("2024-01-05", "datetime")).toBe("2024-01-05 00:00:00");
    expect(convert("是", "boolean")).toBe(true);
    expect(convert("abc", "number")).toBeUndefined();
  });

  it("names columns safely: ASCII headers slugged, others by position, reserved words and duplicates avoided", () => {
    expect(columnNames(["Region", "Order Date", "金额", "order", "2024", "region", ""])).toEqual(["region", "order_date", "c3", "order_", "c_2024", "region_2", "c7"]);
  });

  it("tells the delimiter apart", () => {
    expect(detectDelimiter("a;b;c\n1;2;3\n")).toBe(";");
    expect(detectDelimiter("a\tb\n1,5\t2\n")).toBe("\t");
    expect(detectDelimiter("a,b\n\"x;y\",2\n")).toBe(",");
  });
});

describe("upload files", () => {
  it("joins a merged two-row header into group/column labels and infers the types", async () => {
    const file = await mergedHeaderXlsx([
      ["华东", 1200.5, 3, new Date(Date.UTC(2024, 0, 5))],
      ["华北", 800, 2, new Date(Date.UTC(2024, 0, 6))],
    ]);
    const t = await parseUpload(file);
    expect(t.columns).toEqual([
      { name: "c1", label: "区域", type: "string" },
      { name: "c2", label: "销售/金额", type: "number" },
      { name: "c3", label: "销售/订单数", type: "number" },
      { name: "c4", label: "日期", type: "date" },
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([3, 4]);
  });

  it("skips a title row merged across the table above the header", async () => {
    const t = await parseUpload(await mergedHeaderXlsx([["华东", 1, 2, new Date(Date.UTC(2024, 0, 5))]], { title: "2024 年销售报表" }));
    expect(t.columns.map((c) => c.label)).toEqual(["区域", "销售/金额", "销售/订单数", "日期"]);
    expect(t.headerRows).toBe(2);
    expect(t.rows.map((r) => r.line)).toEqual([4]);
  });

  it("reads the sheet asked for, by name or position", async () => {
    const file = await mergedHeaderXlsx([["华东", 1, 1, new Date(Date.UTC(2024, 0, 5))]], { extraSheetFirst: true, sheetName: "数据" });
    expect((await parseUpload(file, { sheet: "数据" })).columns).toHaveLength(4);
    expect((await parseUpload(file, { sheet: "数据" })).sheets).toEqual(["说明", "数据"]);
    expect((await parseUpload(file, { sheet: "2" })).rows).toHaveLength(1);
    expect((await refusal(parseUpload(file, { sheet: "无" }))).code).toBe("reports.upload_sheet_not_found");
  });

  it("keeps one header row when the second row is data, and datetimes from date cells with a time", async () => {
    const t = await parseUpload(await simpleXlsx(["name", "at", "金额\n(元)"], [["a", new Date(Date.UTC(2024, 0, 5, 10, 30)), true], ["b", new Date(Date.UTC(2024, 0, 6)), false]]));
    expect(t.columns.map((c) => c.type)).toEqual(["string", "datetime", "boolean"]);
    expect(t.columns[2]!.label).toBe("金额 (元)");
  });

  it("reads CSV in UTF-8 with BOM and in GBK alike", async () => {
    const csv = "区域,金额,日期,达标\n华东,\"1,200.50\",2024/1/5,是\n华北,800,2024/1/6,否\n";
    for (const bytes of [utf8Bom(csv), gbk(csv)]) {
      const t = await parseUpload(bytes);
      expect(t.columns).toEqual([
        { name: "c1", label: "区域", type: "string" },
        { name: "c2", label: "金额", type: "number" },
        { name: "c3", label: "日期", type: "date" },
        { name: "c4", label: "达标", type: "boolean" },
      ]);
      expect(t.rows[0]!.cells[0]).toBe("华东");
    }
  });

  it("reads Excel's Unicode text (UTF-16 with BOM, tab-separated)", async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from("区域\t金额\n华东\t12.5%\n", "utf16le")]);
    const t = await parseUpload(bytes);
    expect(t.columns).toEqual([{ name: "c1", label: "区域", type: "string" }, { name: "c2", label: "金额", type: "number" }]);
    expect(t.rows[0]!.cells).toEqual(["华东", "12.5%"]);
  });

  it("reads a CSV export of merged header cells (blank group spans) as group/column labels; an all-text table keeps its rows", async () => {
    const t = await parseUpload(text("区域,销售,,日期\n,金额,订单数,\n华东,1200,3,2024-01-05\n"));
    expect(t.columns.map((c) => [c.label, c.type])).toEqual([["区域", "string"], ["销售/金额", "number"], ["销售/订单数", "number"], ["日期", "date"]]);
    expect(t.rows.map((r) => r.line)).toEqual([3]);
    const names = await parseUpload(text("name,city\n张三,杭州\n李四,上海\n"));
    expect(names.headerRows).toBe(1);
    expect(names.rows).toHaveLength(2);
    // a text value in a number column's first row is data, not a second header row
    expect((await parseUpload(text("name,amount\n张三,N/A\n李四,5\n"))).rows).toHaveLength(2);
  });

  it("refuses what it cannot read, naming the file and the row", async () => {
    const wide = await refusal(parseUpload(text("a,b\n1,2\n3,4,5\n")));
    expect(wide.code).toBe("reports.upload_row_columns");
    expect(wide.errors?.[0]).toMatchObject({ field: "file", params: { row: 3 } });
    // fewer cells, or empty extra ones, are tolerated
    expect((await parseUpload(text("a,b\n1\n3,4,\n"))).rows).toHaveLength(2);
    const quote = await refusal(parseUpload(text('a,b\n1,2\n"3,4\n')));
    expect(quote.errors?.[0]).toMatchObject({ field: "file", params: { row: expect.any(Number) } });
    expect((await refusal(parseUpload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])))).code).toBe("reports.upload_unreadable");
    expect((await refusal(parseUpload(text("\n\n")))).code).toBe("reports.upload_no_header");
    const long = await refusal(parseUpload(text("a\n1\n2\n3\n4\n"), { maxRows: 3 }));
    expect(long.errors?.[0]).toMatchObject({ field: "file", message: "reports.upload_too_many_rows", params: { max: 3, row: 5 } });
    expect((await parseUpload(text("a\n1\n2\n3\n"), { maxRows: 3 })).rows).toHaveLength(3);
    const longXlsx = await refusal(parseUpload(await simpleXlsx(["a"], [[1], [2], [3], [4]]), { maxRows: 3 }));
    expect(longXlsx.errors?.[0]).toMatchObject({ params: { max: 3, row: 5 } });
    expect((await refusal(parseUpload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0])))).code).toBe("reports.upload_not_table");
  });
});
