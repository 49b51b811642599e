import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ShellConfig } from "./config.schema.ts";
import { jobEnv, runProcess } from "./process.ts";
import type { Runner } from "./runner.ts";

/** `/bin/sh -c command` in a fresh temp dir (unless `cwd` is set), env from the allow-list only; exit 0 is success. */
export const shellRunner: Runner<ShellConfig> = async (ctx) => {
  const temp = await mkdtemp(join(tmpdir(), `ops-run-${ctx.runId}-`));
  try {
    const env = jobEnv(ctx.config.env_allow ?? [], { jobId: ctx.jobId, runId: ctx.runId, bizDate: ctx.bizDate, params: ctx.params, home: temp });
    const r = await runProcess({ argv: ["/bin/sh", "-c", ctx.config.command], cwd: ctx.config.cwd ?? temp, env, signal: ctx.signal, log: ctx.log });
    if (r.exitCode === 0) return { ok: true, exitCode: 0 };
    return { ok: false, exitCode: r.exitCode, error: r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}` };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
};
