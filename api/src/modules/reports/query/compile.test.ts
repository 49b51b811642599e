import { describe, expect, it } from "vitest";
import { AppError } from "@ops/shared";
import type { DatasetColumn, DatasetParam } from "@ops/shared/contracts/reports.ts";
import type { QueryShape, SourceDialect, SourceDriver } from "../ports.ts";
import { Binder } from "./binder.ts";
import { builderProblems, compileBuilder } from "./builder.ts";
import { resolveParams } from "./params.ts";
import { createSchemaCache } from "./schema-cache.ts";
import { compileShape, innerSql, type ShapeInput } from "./shape.ts";
import { paramNames, splitSql } from "./sql-text.ts";

/** The 400's field errors, or a failure when the call did not throw one. */
function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError && e.status === 400) return (e.errors ?? []).map((x) => x.field);
    throw e;
  }
  throw new Error("expected a 400");
}

describe("dataset SQL parameters", () => {
  it("finds :name outside literals, quoted identifiers, comments, casts and dollar quotes", () => {
    const sql = `SELECT ':skip', "a:skip", amount::numeric, x -- :skip
      /* :skip */ FROM t WHERE region = :region AND d >= :from AND $$ :skip $$ <> '' AND e = 'it''s :skip' AND f = :region`;
    expect(paramNames(splitSql(sql, "postgres"))).toEqual(["region", "from"]);
    expect(paramNames(splitSql("SELECT E'it\\' :skip', 'x\\' AND :b = 1 -- '", "postgres"))).toEqual(["b"]);
    expect(paramNames(splitSql("SELECT `a:skip`, 'x\\' :skip' FROM t WHERE a = :a # :skip\n AND b = :b", "mysql"))).toEqual(["a", "b"]);
    // a time literal, an assignment, a cast chain and a name glued to a word are not parameters
    expect(paramNames(splitSql("SELECT '10:30', @v := 1, x::int::text, ab:c FROM t", "mysql"))).toEqual([]);
  });

  it("allows one statement: a trailing ; (and comments) pass, more SQL is refused", () => {
    expect(splitSql("SELECT 1; -- done\n", "postgres")).toEqual([{ text: "SELECT 1" }]);
    expect(fieldsOf(() => splitSql("SELECT 1; DROP TABLE x", "postgres"))).toEqual(["sql"]);
    expect(fieldsOf(() => splitSql("SELECT ';' ; SELECT 2", "mysql"))).toEqual(["sql"]);
    expect(splitSql("SELECT ';' AS s", "sqlite")).toEqual([{ text: "SELECT ';' AS s" }]);
    expect(fieldsOf(() => splitSql("  -- nothing\n", "postgres"))).toEqual(["sql"]);
  });

  it("binds values with the dialect's placeholders, lists expanded, the same parameter once in PostgreSQL", () => {
    const params: DatasetParam[] = [
      { name: "region", type: "string" }, { name: "ids", type: "number_list" }, { name: "from", type: "date", required: true },
    ];
    const dataset = { mode: "sql" as const, sql: "SELECT * FROM o WHERE (:region IS NULL OR region = :region) AND id IN (:ids) AND d >= :from", builder: null, params, columns: [] };
    const run = (dialect: SourceDialect, given: Record<string, string | string[]>) => {
      const binder = new Binder(dialect);
      const values = resolveParams(params, given, dialect);
      return binder.done(innerSql({ dialect, dataset, values, filters: [], unmask: false }, binder));
    };
    expect(run("postgres", { region: "' OR 1=1 --", ids: "1,2", from: "2026-01-01" })).toEqual({
      sql: "SELECT * FROM o WHERE ($1::text IS NULL OR region = $1::text) AND id IN ($2, $3) AND d >= $4::date",
      values: ["' OR 1=1 --", 1, 2, "2026-01-01"],
    });
    expect(run("mysql", { ids: [], from: "2026-01-01" })).toEqual({
      sql: "SELECT * FROM o WHERE (? IS NULL OR region = ?) AND id IN (NULL) AND d >= ?",
      values: [null, null, "2026-01-01"],
    });
    expect(run("clickhouse", { region: "east", ids: "7", from: "2026-01-01" }).sql)
      .toBe("SELECT * FROM o WHERE ({p1:String} IS NULL OR region = {p1:String}) AND id IN ({p2:Float64}) AND d >= {p3:Date}");
  });

  it("validates and converts parameter values, naming params.<name>", () => {
    const params: DatasetParam[] = [
      { name: "n", type: "number" }, { name: "d", type: "date" }, { name: "t", type: "datetime" }, { name: "b", type: "boolean" }, { name: "day", type: "datetime" },
      { name: "req", type: "string", required: true }, { name: "dflt", type: "number_list", default: "3, 4" },
    ];
    const ok = resolveParams(params, { n: "-1.5e2", d: "2026-02-28", t: "2026-02-28T10:00:00+08:00", b: "yes", req: "x", day: "2026-03-01" }, "mysql");
    expect([...ok.entries()].map(([k, v]) => [k, v.list ? v.values : v.value])).toEqual([
      ["n", -150], ["d", "2026-02-28"], ["t", "2026-02-28 02:00:00.000"], ["b", true], ["day", "2026-03-01 00:00:00.000"], ["req", "x"], ["dflt", [3, 4]],
    ]);
    expect(fieldsOf(() => resolveParams(params, { n: "1; DROP", d: "2026-02-30", t: "yesterday", b: "maybe" }, "postgres")))
      .toEqual(["params.n", "params.d", "params.t", "params.b", "params.req"]);
    expect(fieldsOf(() => resolveParams([{ name: "l", type: "number_list" }], { l: "1,x" }, "postgres"))).toEqual(["params.l"]);
  });

  it("refuses a :name the dataset does not declare", () => {
    const input: ShapeInput = { dialect: "postgres", dataset: { mode: "sql", sql: "SELECT :nope", builder: null, params: [], columns: [] }, values: new Map(), filters: [], unmask: false };
    expect(fieldsOf(() => innerSql(input, new Binder("postgres")))).toEqual(["sql"]);
  });
});

const table = { name: "orders", columns: [
  { name: "region", type: "string" as const, source_type: "text" }, { name: "amount", type: "number" as const, source_type: "numeric" },
  { name: "day", type: "date" as const, source_type: "date" },
] };

describe("the visual builder", () => {
  it("compiles to quoted identifiers and bound values; a parameter left empty drops its filter", () => {
    const b = {
      table: "orders", fields: [{ column: "region" }, { column: "amount", agg: "sum" as const, alias: "total" }],
      filters: [{ column: "amount", op: "gt" as const, value: 10 }, { column: "region", op: "in" as const, param: "regions" }, { column: "day", op: "gte" as const, param: "from" }],
      group_by: [], sort: [{ column: "total", dir: "desc" as const }], limit: 5,
    };
    const params: DatasetParam[] = [{ name: "regions", type: "string_list" }, { name: "from", type: "date" }];
    expect(builderProblems(b, [table], params)).toEqual([]);
    const binder = new Binder("mysql");
    const sql = compileBuilder(b, table, resolveParams(params, { regions: "east,west" }, "mysql"), binder);
    expect(sql).toBe("SELECT `region` AS `region`, SUM(`amount`) AS `total` FROM `orders` WHERE `amount` > ? AND `region` IN (?, ?) GROUP BY `region` ORDER BY `total` DESC LIMIT 5");
    expect(binder.values).toEqual([10, "east", "west"]);
  });

  it("names every identifier the schema does not have, and bad values", () => {
    const b = {
      table: "orders", fields: [{ column: "region" }, { column: "amount" }, { column: 'x" OR 1=1 --' }],
      filters: [{ column: "amount", op: "eq" as const, value: "ten" }, { column: "region", op: "eq" as const, param: "nope" }],
      group_by: ["secret"], sort: [{ column: "amount; DROP TABLE x", dir: "asc" as const }],
    };
    expect(builderProblems(b, [table], []).map((e) => e.field)).toEqual([
      "builder.fields[2].column", "builder.filters[0].value", "builder.filters[1].param", "builder.group_by[0]", "builder.sort[0].column",
    ]);
    expect(builderProblems({ ...b, table: "users" }, [table], []).map((e) => e.field)).toEqual(["builder.table"]);
  });
});

describe("query shapes over a dataset", () => {
  const columns: DatasetColumn[] = [
    { name: "region", type: "string" }, { name: "amount", type: "number", label: "金额" }, { name: "phone", type: "string", mask: "phone" },
  ];
  const input = (dialect: SourceDialect, unmask = false): ShapeInput => ({
    dialect, dataset: { mode: "sql", sql: "SELECT * FROM o WHERE a > :min -- trailing", builder: null, params: [{ name: "min", type: "number", default: "0" }], columns },
    values: resolveParams([{ name: "min", type: "number", default: "0" }], {}, dialect), filters: [{ column: "region", values: ["d1", "d2"] }], unmask,
  });

  it("wraps the dataset as a subquery: row filters, masking, sort and paging, values bound in text order", () => {
    const shape: QueryShape = { kind: "rows", sort: [{ column: "amount", dir: "desc" }], offset: 20, limit: 10, count: true };
    const c = compileShape(input("mysql"), shape);
    expect(c.query.sql).toContain("FROM (\nSELECT * FROM o WHERE a > ? -- trailing\n) t WHERE t.`region` IN (?, ?) ORDER BY `amount` DESC LIMIT 10 OFFSET 20");
    expect(c.query.sql).toContain("CONCAT(LEFT(CAST(t.`phone` AS CHAR), 3), '****', RIGHT(CAST(t.`phone` AS CHAR), 4))");
    expect(c.query.values).toEqual([0, "d1", "d2"]);
    expect(c.count).toEqual({ sql: "SELECT COUNT(*) AS n FROM (\nSELECT * FROM o WHERE a > ? -- trailing\n) t WHERE t.`region` IN (?, ?)", values: [0, "d1", "d2"] });
    expect(c.columns).toEqual([
      { name: "region", label: "region", type: "string" }, { name: "amount", label: "金额", type: "number" }, { name: "phone", label: "phone", type: "string", masked: true },
    ]);
    expect(compileShape(input("postgres", true), shape).query.sql).toContain('t."phone" AS "phone"');
  });

  it("ClickHouse: typed named placeholders (Nullable for NULL) and its own string functions for masks", () => {
    const ch = { ...input("clickhouse"), values: resolveParams([{ name: "min", type: "number" }], {}, "clickhouse") };
    const c = compileShape(ch, { kind: "rows", columns: ["phone"] });
    expect(c.query.sql).toBe("SELECT CASE WHEN t.`phone` IS NULL THEN NULL WHEN lengthUTF8(toString(t.`phone`)) >= 7 THEN concat(leftUTF8(toString(t.`phone`), 3), '****', " +
      "rightUTF8(toString(t.`phone`), 4)) ELSE '******' END AS `phone` FROM (\nSELECT * FROM o WHERE a > {p1:Nullable(Float64)} -- trailing\n) t WHERE t.`region` IN ({p2:String}, {p3:String})");
    expect(c.query.values).toEqual([null, "d1", "d2"]);
  });

  it("an empty scope is WHERE 1 = 0", () => {
    const c = compileShape({ ...input("postgres"), filters: [{ column: "region", values: [] }] }, { kind: "rows" });
    expect(c.query.sql).toContain(") t WHERE 1 = 0");
  });

  it("aggregates with where and sort over its own outputs", () => {
    const c = compileShape(input("postgres"), {
      kind: "aggregate", dimensions: ["region"], measures: [{ column: "amount", agg: "sum", as: "total" }, { column: "*", agg: "count", as: "n" }],
      where: [{ column: "amount", op: "gte", value: "5" }, { column: "region", op: "in", value: ["a", "b"] }], sort: [{ column: "total", dir: "desc" }], limit: 3,
    });
    expect(c.query.sql).toBe('SELECT t."region" AS "region", SUM(t."amount") AS "total", COUNT(*) AS "n" FROM (\nSELECT * FROM o WHERE a > $1::numeric -- trailing\n) t ' +
      'WHERE t."region" IN ($2, $3) AND t."amount" >= $4 AND t."region" IN ($5, $6) GROUP BY t."region" ORDER BY "total" DESC LIMIT 3');
    expect(c.query.values).toEqual([0, "d1", "d2", 5, "a", "b"]);
  });

  it("distinct values for control options, cascading on a parent column", () => {
    const c = compileShape(input("sqlite"), { kind: "distinct", value: "region", where: [{ column: "amount", op: "eq", value: 1 }], limit: 100 });
    expect(c.query.sql).toBe('SELECT DISTINCT t."region" AS "region" FROM (\nSELECT * FROM o WHERE a > ? -- trailing\n) t WHERE t."region" IN (?, ?) AND t."amount" = ? ORDER BY "region" ASC LIMIT 100');
  });

  it("refuses injection through sort, columns, measures and where with a 400 naming the field", () => {
    expect(fieldsOf(() => compileShape(input("postgres"), { kind: "rows", sort: [{ column: "amount; DROP TABLE x", dir: "asc" }] }))).toEqual(["sort"]);
    expect(fieldsOf(() => compileShape(input("postgres"), { kind: "rows", sort: [{ column: "amount", dir: "asc; DROP" as "asc" }] }))).toEqual(["sort"]);
    expect(fieldsOf(() => compileShape(input("postgres"), { kind: "rows", columns: ['region" --'] }))).toEqual(["columns[0]"]);
    expect(fieldsOf(() => compileShape(input("postgres"), {
      kind: "aggregate", dimensions: [], measures: [{ column: "amount", agg: "sum", as: 'x" FROM pg_user --' }],
    }))).toEqual(["measures[0].as"]);
    expect(fieldsOf(() => compileShape(input("postgres"), { kind: "distinct", value: "region", where: [{ column: "amount", op: "eq", value: "1 OR 1=1" }] }))).toEqual(["where[0].value"]);
    // a masked viewer cannot probe a masked column's clear values through a filter
    expect(fieldsOf(() => compileShape(input("postgres"), { kind: "distinct", value: "region", where: [{ column: "phone", op: "eq", value: "13800000001" }] }))).toEqual(["where[0].column"]);
    expect(compileShape(input("postgres", true), { kind: "distinct", value: "region", where: [{ column: "phone", op: "eq", value: "13800000001" }] }).query.values).toContain("13800000001");
  });
});

describe("the schema cache", () => {
  it("keeps a datasource's tables briefly, per driver", async () => {
    let t = 0;
    let calls = 0;
    const driver = () => ({ tables: async () => (calls++, [table]) }) as unknown as SourceDriver;
    const cache = createSchemaCache(() => t);
    const a = driver();
    await cache.tables("ds", a);
    await cache.tables("ds", a);
    expect(calls).toBe(1);
    await cache.tables("ds", driver()); // the datasource changed: the registry made a new driver
    expect(calls).toBe(2);
    t += 61_000;
    await cache.tables("ds", a);
    expect(calls).toBe(3);
  });
});
