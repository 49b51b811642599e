import type { MaskKind } from "@ops/shared/contracts/reports.ts";
import type { SourceDialect } from "../ports.ts";

/** The string functions each dialect spells differently (every text here is a constant: nothing is bound). */
type Fns = {
  text(e: string): string;
  len(e: string): string;
  left(e: string, n: number): string;
  right(e: string, n: number): string;
  /** 1-based position of `@`, 0 when absent */
  at(e: string): string;
  from(e: string, pos: string): string;
  concat(...parts: string[]): string;
};

const FNS: Record<SourceDialect, Fns> = {
  postgres: {
    text: (e) => `CAST(${e} AS TEXT)`, len: (e) => `LENGTH(${e})`, left: (e, n) => `LEFT(${e}, ${n})`, right: (e, n) => `RIGHT(${e}, ${n})`,
    at: (e) => `POSITION('@' IN ${e})`, from: (e, p) => `SUBSTRING(${e} FROM ${p})`, concat: (...p) => p.join(" || "),
  },
  sqlite: {
    text: (e) => `CAST(${e} AS TEXT)`, len: (e) => `LENGTH(${e})`, left: (e, n) => `SUBSTR(${e}, 1, ${n})`, right: (e, n) => `SUBSTR(${e}, -${n})`,
    at: (e) => `INSTR(${e}, '@')`, from: (e, p) => `SUBSTR(${e}, ${p})`, concat: (...p) => p.join(" || "),
  },
  mysql: {
    text: (e) => `CAST(${e} AS CHAR)`, len: (e) => `CHAR_LENGTH(${e})`, left: (e, n) => `LEFT(${e}, ${n})`, right: (e, n) => `RIGHT(${e}, ${n})`,
    at: (e) => `INSTR(${e}, '@')`, from: (e, p) => `SUBSTRING(${e}, ${p})`, concat: (...p) => `CONCAT(${p.join(", ")})`,
  },
  clickhouse: {
    text: (e) => `toString(${e})`, len: (e) => `lengthUTF8(${e})`, left: (e, n) => `leftUTF8(${e}, ${n})`, right: (e, n) => `rightUTF8(${e}, ${n})`,
    at: (e) => `positionUTF8(${e}, '@')`, from: (e, p) => `substringUTF8(${e}, ${p})`, concat: (...p) => `concat(${p.join(", ")})`,
  },
};

const STARS = "'******'";

/**
 * The SQL expression that shows `expr` masked: phone 138****1234, e-mail a***@x.com, id number 110***********1234,
 * anything else `******`. NULL stays NULL; values too short to keep a part are all stars.
 */
export function maskExpr(dialect: SourceDialect, kind: MaskKind, expr: string): string {
  const f = FNS[dialect];
  const v = f.text(expr);
  switch (kind) {
    case "phone":
      return `CASE WHEN ${expr} IS NULL THEN NULL WHEN ${f.len(v)} >= 7 THEN ${f.concat(f.left(v, 3), "'****'", f.right(v, 4))} ELSE ${STARS} END`;
    case "email":
      return `CASE WHEN ${expr} IS NULL THEN NULL WHEN ${f.at(v)} > 1 THEN ${f.concat(f.left(v, 1), "'***'", f.from(v, f.at(v)))} ELSE ${STARS} END`;
    case "id_number":
      return `CASE WHEN ${expr} IS NULL THEN NULL WHEN ${f.len(v)} >= 10 THEN ${f.concat(f.left(v, 3), "'***********'", f.right(v, 4))} ELSE ${STARS} END`;
    case "full":
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE ${STARS} END`;
  }
}
