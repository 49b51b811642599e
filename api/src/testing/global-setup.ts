import type { TestProject } from "vitest/node";
import { dropTemplates, newRunId } from "./templates.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** this vitest run's id: names its PostgreSQL template databases (api/src/testing/templates.ts) */
    opsTestRun: string;
  }
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Once per vitest run: a run id for the harness's template databases, a sweep of templates left by runs that ended
 * without their teardown (more than a day old: a run of another engineer may be using younger ones), and this run's
 * templates dropped at its end. Without PostgreSQL (an SQLite-only run) there is nothing to sweep or drop.
 */
export default async function setup(project: TestProject) {
  const run = newRunId();
  project.provide("opsTestRun", run);
  await dropTemplates({ olderThan: Date.now() - DAY_MS }).catch(() => []);
  return async () => {
    await dropTemplates({ run }).catch(() => []);
  };
}
