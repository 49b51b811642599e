import type { Db } from "../../../platform/db/db.ts";
import { readOnly } from "../reports.errors.ts";
import { forbiddenFunction, forbiddenTable } from "./sources.errors.ts";

/**
 * What a store/upload query may touch, decided from the engine's own plan of the statement (so views, CTEs,
 * subqueries and quoting tricks are seen through): only tables named `rpt_*` (or the one `onlyTable`), and no
 * function that reads files, runs SQL given as text, or looks at the server's sessions.
 */
export type TableRule = { onlyTable?: string };

export const REPORT_TABLE = /^rpt_[a-z0-9_]+$/i;

export function allowedTable(name: string, rule: TableRule): boolean {
  return rule.onlyTable ? name === rule.onlyTable : REPORT_TABLE.test(name);
}

/** PostgreSQL functions refused in store queries (pg_sleep and pg_typeof are fine). */
const PG_DENIED = /^(pg_(?!sleep|typeof)\w*|lo_\w+|dblink\w*|\w+_to_xml\w*|ts_stat|ts_rewrite|set_config|current_setting|query_to_\w+|xpath_table|copy\w*|file_\w+)$/i;
/** SQLite functions refused (extension loading and attaching other files). */
const SQLITE_DENIED = /^(load_extension|sqlite_attach|sqlite_detach|fts3_tokenizer|readfile|writefile|edit)\b/i;

/** PostgreSQL: EXPLAIN (FORMAT JSON, VERBOSE) inside the caller's read-only transaction. */
export async function checkPostgresPlan(db: Db, sql: string, values: unknown[], rule: TableRule): Promise<void> {
  const [row] = await db.all<Record<string, unknown>>(`EXPLAIN (FORMAT JSON, VERBOSE) ${sql}\n`, values);
  let plan: unknown = row ? Object.values(row)[0] : [];
  if (typeof plan === "string") plan = JSON.parse(plan);
  const relations: Array<{ name: string; schema: string }> = [];
  const calls = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (typeof o["Relation Name"] === "string") relations.push({ name: o["Relation Name"], schema: String(o.Schema ?? "") });
      if (typeof o["Function Name"] === "string") calls.add(o["Function Name"]);
      for (const v of Object.values(o)) walk(v);
    } else if (typeof node === "string") {
      for (const m of node.matchAll(/([A-Za-z_][A-Za-z0-9_$]*)\s*\(/g)) calls.add(m[1]!);
      for (const m of node.matchAll(/"((?:[^"]|"")+)"\s*\(/g)) calls.add(m[1]!.replace(/""/g, '"'));
    }
  };
  walk(plan);
  const [schema] = await db.all<{ s: string }>("SELECT current_schema() AS s");
  for (const r of relations) if (!allowedTable(r.name, rule) || r.schema !== schema?.s) throw forbiddenTable(r.schema && r.schema !== schema?.s ? `${r.schema}.${r.name}` : r.name);
  for (const name of calls) if (PG_DENIED.test(name)) throw forbiddenFunction(name);
  if (calls.size) {
    // Functions of our own schemas (not PostgreSQL's built-ins) could read any table inside their body.
    const own = await db.all<{ n: string }>(
      `SELECT DISTINCT p.proname AS n FROM pg_proc p JOIN pg_namespace ns ON ns.oid = p.pronamespace
        WHERE p.proname = ANY(string_to_array(?, ',')) AND ns.nspname NOT IN ('pg_catalog', 'information_schema')`,
      [[...calls].join(",")],
    );
    if (own[0]) throw forbiddenFunction(own[0].n);
  }
}

type Op = { opcode: string; p1: number; p2: number; p3: number; p4: unknown };

/**
 * SQLite: the VDBE program of `EXPLAIN <sql>`. Every b-tree it opens (OpenRead's root page, in database 0) must
 * belong to an allowed table or its index; no write, virtual table (table-valued pragmas) or other database.
 */
export async function checkSqlitePlan(db: Db, sql: string, values: unknown[], rule: TableRule): Promise<void> {
  const program = await db.all<Op>(`EXPLAIN ${sql}\n`, values);
  const schema = await db.all<{ tbl_name: string; rootpage: number }>("SELECT tbl_name, rootpage FROM sqlite_schema WHERE rootpage > 0");
  const byRoot = new Map(schema.map((s) => [Number(s.rootpage), s.tbl_name]));
  for (const op of program) {
    switch (op.opcode) {
      case "OpenRead": {
        if (Number(op.p3) !== 0) throw forbiddenTable(`database ${op.p3}`);
        const table = Number(op.p2) === 1 ? "sqlite_schema" : byRoot.get(Number(op.p2));
        if (!table || !allowedTable(table, rule)) throw forbiddenTable(table ?? `page ${op.p2}`);
        break;
      }
      // Insert/IdxInsert also fill ephemeral tables (DISTINCT, materialized subqueries): only real b-trees count
      case "OpenWrite": case "Destroy": case "CreateBtree": case "DropTable": case "DropIndex": case "VUpdate": case "Vacuum": case "ParseSchema":
        throw readOnly();
      case "Transaction":
        if (Number(op.p2) !== 0) throw readOnly();
        break;
      case "VOpen": case "VFilter":
        throw forbiddenTable(String(op.p4 ?? "virtual table"));
      case "Function": case "PureFunc": {
        const name = String(op.p4 ?? "");
        if (SQLITE_DENIED.test(name)) throw forbiddenFunction(name.replace(/\(.*$/, ""));
        break;
      }
    }
  }
}
