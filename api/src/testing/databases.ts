import { SQL } from "bun";

/** Store engines the suites run on; OPS_TEST_ENGINES=sqlite narrows a local run. */
export type Engine = "sqlite" | "postgres";
export const ENGINES: Engine[] = (process.env.OPS_TEST_ENGINES?.split(",") as Engine[] | undefined) ?? ["sqlite", "postgres"];

const PG_ADMIN_URL = process.env.OPS_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = { url: string; drop(): Promise<void> };

/** A database of this test's own: in-memory SQLite, or a fresh PostgreSQL database dropped afterwards. */
export async function testDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === "sqlite") return { url: "sqlite://:memory:", drop: async () => {} };
  const name = `ops_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new SQL(PG_ADMIN_URL);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    async drop() {
      const a = new SQL(PG_ADMIN_URL);
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  };
}
