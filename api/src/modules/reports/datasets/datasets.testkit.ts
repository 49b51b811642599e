import { SQL } from "bun";
import mysql from "mysql2/promise";
import type { TestSystem } from "../../../testing/harness.ts";

/**
 * An `orders` table on a database of the test's own (PostgreSQL, MariaDB) or in the built-in store (`rpt_h3_orders`):
 * five rows placed in the demo company's departments (by their users), each with an owner, a phone and an e-mail.
 */
const PG_ADMIN = process.env.OPS_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MYSQL_ADMIN = process.env.OPS_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/mysql";

export type SourceKind = "postgres" | "mysql" | "store";
export type OrdersSource = { kind: SourceKind; datasourceId: string; table: string; drop(): Promise<void> };

/** The owners of the five rows, in id order; each row sits in its owner's department. */
export const OWNERS = ["zhangwei", "lina", "wangfang", "liuyang", "chenjing"] as const;
export const REGIONS = ["华东", "华东", "华北", "华南", "华南"] as const;

async function rowsOf(s: TestSystem): Promise<string[][]> {
  const depts = await s.system.db.all<{ username: string; dept_id: string }>(
    `SELECT username, dept_id FROM users WHERE username IN (${OWNERS.map(() => "?").join(", ")})`, [...OWNERS],
  );
  const deptOf = new Map(depts.map((d) => [d.username, d.dept_id]));
  return OWNERS.map((owner, i) => [String(i + 1), REGIONS[i]!, String((i + 1) * 10), deptOf.get(owner)!, owner, `1380000000${i + 1}`, `${owner}@example.com`, `2026-11-0${i + 1}`]);
}

const values = (rows: string[][]) => rows.map((r) => `(${r[0]}, '${r[1]}', ${r[2]}, '${r[3]}', '${r[4]}', '${r[5]}', '${r[6]}', '${r[7]}')`).join(", ");
const suffix = () => `ops_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}_h3`;

async function datasource(s: TestSystem, token: string, body: Record<string, unknown>): Promise<string> {
  const r = await s.req("POST", "/api/v1/datasources", { token, body });
  if (r.status !== 201) throw new Error(`datasource: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data.id;
}

export async function ordersSource(s: TestSystem, token: string, kind: SourceKind): Promise<OrdersSource> {
  const rows = await rowsOf(s);
  if (kind === "store") {
    const table = `rpt_h3_${Math.random().toString(36).slice(2, 8)}`;
    await s.system.db.run(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, region TEXT, amount INTEGER, dept_id TEXT, owner TEXT, phone TEXT, email TEXT, day TEXT)`);
    await s.system.db.run(`INSERT INTO ${table} VALUES ${values(rows)}`);
    const id = await datasource(s, token, { name: `store-${table}`, type: "store" });
    return { kind, datasourceId: id, table, drop: async () => {} };
  }
  const name = suffix();
  if (kind === "postgres") {
    const admin = new SQL(PG_ADMIN);
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.close();
    const url = PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);
    const db = new SQL(url);
    await db.unsafe("CREATE TABLE orders (id int PRIMARY KEY, region text, amount numeric(12,2), dept_id text, owner text, phone text, email text, day date)");
    await db.unsafe(`INSERT INTO orders VALUES ${values(rows)}`);
    await db.close();
    const id = await datasource(s, token, { name: `pg-${name}`, type: "postgres", url });
    return {
      kind, datasourceId: id, table: "orders",
      async drop() {
        const a = new SQL(PG_ADMIN);
        await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.close();
      },
    };
  }
  const admin = await mysql.createConnection({ uri: MYSQL_ADMIN, multipleStatements: true });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4; USE ${name};
    CREATE TABLE orders (id int PRIMARY KEY, region varchar(20), amount decimal(12,2), dept_id varchar(64), owner varchar(64), phone varchar(20), email varchar(100), day date);
    INSERT INTO orders VALUES ${values(rows)};`);
  await admin.end();
  const id = await datasource(s, token, { name: `my-${name}`, type: "mysql", url: MYSQL_ADMIN.replace(/\/[^/]*$/, `/${name}`) });
  return {
    kind, datasourceId: id, table: "orders",
    async drop() {
      const a = await mysql.createConnection({ uri: MYSQL_ADMIN });
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}
