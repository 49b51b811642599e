import type { JobType } from "@ops/shared/contracts/jobs.ts";
import { httpRunner } from "./http.runner.ts";
import type { Runner } from "./runner.ts";
import { scriptRunner } from "./script.runner.ts";
import { shellRunner } from "./shell.runner.ts";
import { sqlRunner } from "./sql.runner.ts";

export type { LogStream, Runner, RunnerContext, RunnerResult } from "./runner.ts";
export { CONFIG_SCHEMAS, type HttpConfig, type ScriptConfig, type ShellConfig, type SqlConfig } from "./config.schema.ts";

export const RUNNERS: Record<JobType, Runner> = { http: httpRunner, shell: shellRunner, sql: sqlRunner, script: scriptRunner };
