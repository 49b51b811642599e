import { SQL } from "bun";
import mysql from "mysql2/promise";

/**
 * Databases of a test's own on this machine's PostgreSQL and MariaDB, each with a small `sales` table
 * (5 rows: id, region, amount numeric, big int8, day date), dropped by `drop()`.
 */
const PG_ADMIN = process.env.OPS_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MYSQL_ADMIN = process.env.OPS_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/mysql";

const ROWS = "(1, '华东', 120.50, 9007199254740, '2026-11-01'), (2, '华北', 80.00, 2, '2026-11-02'), (3, '华东', 42.25, 3, '2026-11-03'), (4, '华南', 10.00, 4, '2026-11-04'), (5, '华北', 99.00, 5, '2026-11-05')";

export type SourceDb = { url: string; name: string; drop(): Promise<void> };

const suffix = () => `ops_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}_src`;

export async function postgresSource(): Promise<SourceDb> {
  const name = suffix();
  const admin = new SQL(PG_ADMIN);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);
  const db = new SQL(url);
  await db.unsafe("CREATE TABLE sales (id int PRIMARY KEY, region text NOT NULL, amount numeric(12,2), big int8, day date)");
  await db.unsafe(`INSERT INTO sales VALUES ${ROWS}`);
  await db.close();
  return {
    url, name,
    async drop() {
      const a = new SQL(PG_ADMIN);
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  };
}

export async function mysqlSource(): Promise<SourceDb> {
  const name = suffix();
  const admin = await mysql.createConnection({ uri: MYSQL_ADMIN, multipleStatements: true });
  await admin.query(`CREATE DATABASE ${name}; USE ${name};
    CREATE TABLE sales (id int PRIMARY KEY, region varchar(20) NOT NULL, amount decimal(12,2), big bigint, day date);
    INSERT INTO sales VALUES ${ROWS};`);
  await admin.end();
  return {
    url: MYSQL_ADMIN.replace(/\/[^/]*$/, `/${name}`), name,
    async drop() {
      const a = await mysql.createConnection({ uri: MYSQL_ADMIN });
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}
