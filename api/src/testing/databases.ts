import { SQL } from "bun";
import { copyFromTemplate, PG_ADMIN_URL, type TemplateBuild } from "./templates.ts";

/** Store engines the suites run on; OPS_TEST_ENGINES=sqlite narrows a local run. */
export type Engine = "sqlite" | "postgres";
export const ENGINES: Engine[] = (process.env.OPS_TEST_ENGINES?.split(",") as Engine[] | undefined) ?? ["sqlite", "postgres"];

/** `seededAt`: when the database is a copy of a template, the instant its rows were seeded at. */
export type TestDatabase = { url: string; seededAt?: Date; drop(): Promise<void> };

/** A PostgreSQL template to copy: this run's id, what kind of seeded system it is, and how to build one. */
export type TemplateSpec = { run: string; kind: string; build: TemplateBuild };

/**
 * A database of this test's own: in-memory SQLite, or a PostgreSQL database dropped afterwards: empty, or a copy of
 * the template `template` names (api/src/testing/templates.ts).
 */
export async function testDatabase(engine: Engine, template?: TemplateSpec): Promise<TestDatabase> {
  if (engine === "sqlite") return { url: "sqlite://:memory:", drop: async () => {} };
  const name = `ops_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  let seededAt: Date | undefined;
  if (template) {
    seededAt = await copyFromTemplate(template.run, template.kind, name, template.build);
  } else {
    const admin = new SQL(PG_ADMIN_URL);
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.close();
  }
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    ...(seededAt ? { seededAt } : {}),
    async drop() {
      const a = new SQL(PG_ADMIN_URL);
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  };
}
