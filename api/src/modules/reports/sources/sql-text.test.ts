import { describe, expect, it } from "vitest";
import { screenSelect } from "./screen.ts";
import { codeOutsideLiterals, singleStatement } from "./sql-text.ts";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return "ok";
};

describe("SQL text screen", () => {
  it("finds a second statement only outside strings, identifiers and comments", () => {
    expect(singleStatement("SELECT ';' AS x, \"a;b\" FROM t -- ;\n /* ; */ ;  ").multiple).toBe(false);
    expect(singleStatement("SELECT 1; DELETE FROM t").multiple).toBe(true);
    expect(singleStatement("SELECT $$;$$ AS x, $tag$ ; $tag$ AS y").multiple).toBe(false);
    expect(singleStatement("SELECT 1;;  \n").sql).toBe("SELECT 1");
  });

  it("reads backslashes as each dialect does, so a quote cannot hide a statement", () => {
    const sneaky = "SELECT 'a\\'; SELECT * FROM users; --'";
    // PostgreSQL: 'a\' is a whole string, so a second statement follows
    expect(singleStatement(sneaky, "e-strings").multiple).toBe(true);
    expect(singleStatement(sneaky, "never").multiple).toBe(true);
    // E'…' strings escape: the same text is one statement there
    expect(singleStatement("SELECT E'a\\'; b' AS x", "e-strings").multiple).toBe(false);
    // MySQL: \' escapes, so the rest is still the string
    expect(singleStatement(sneaky, "always").multiple).toBe(false);
    expect(codeOutsideLiterals("SELECT \"x\\\";\" AS y", "always")).not.toContain(";");
  });

  it("lets through one SELECT, WITH, VALUES or TABLE and refuses anything else as a write", () => {
    for (const sql of ["select 1", "  (SELECT 1) UNION (SELECT 2)", "WITH x AS (SELECT 1) SELECT * FROM x", "VALUES (1)", "TABLE rpt_x", "-- note\nSELECT 1"])
      expect(codeOf(() => screenSelect(sql, "e-strings")), sql).toBe("ok");
    for (const sql of ["DELETE FROM t", "update t set a = 1", "CREATE TABLE x (a int)", "COPY t TO '/tmp/x'", "CALL p()", "SET ROLE postgres"])
      expect(codeOf(() => screenSelect(sql, "e-strings")), sql).toBe("reports.query_read_only");
    expect(codeOf(() => screenSelect("SELECT 1; SELECT 2", "e-strings"))).toBe("reports.query_multiple_statements");
    expect(codeOf(() => screenSelect("SELECT * FROM t INTO OUTFILE '/tmp/x'", "always", /\binto\s+outfile\b/))).toBe("reports.query_read_only");
  });
});
