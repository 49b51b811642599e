import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScriptConfig } from "./config.schema.ts";
import { jobEnv, runProcess } from "./process.ts";
import type { Runner } from "./runner.ts";

const EXT = { typescript: "ts", javascript: "js", python: "py" } as const;

/** The interpreter: Bun itself for TypeScript and JavaScript, python3 from PATH when installed. */
function interpreter(language: ScriptConfig["language"]): string[] | null {
  if (language === "python") {
    const python = Bun.which("python3");
    return python ? [python] : null;
  }
  return [process.versions.bun ? process.execPath : (Bun.which("bun") ?? "bun"), "run"];
}

/** The source written to a temp file and run in its own process group, like a shell job. */
export const scriptRunner: Runner<ScriptConfig> = async (ctx) => {
  const argv = interpreter(ctx.config.language);
  if (!argv) return { ok: false, permanent: true, error: "python3 is not installed on this server" };
  const temp = await mkdtemp(join(tmpdir(), `ops-run-${ctx.runId}-`));
  try {
    const file = join(temp, `main.${EXT[ctx.config.language]}`);
    await writeFile(file, ctx.config.source, { mode: 0o600 });
    const env = jobEnv([], { jobId: ctx.jobId, runId: ctx.runId, bizDate: ctx.bizDate, params: ctx.params, home: temp });
    const r = await runProcess({ argv: [...argv, file], cwd: temp, env, signal: ctx.signal, log: ctx.log });
    if (r.exitCode === 0) return { ok: true, exitCode: 0 };
    return { ok: false, exitCode: r.exitCode, error: r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}` };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
};
