import type { LogStream } from "./runner.ts";

/** After SIGTERM, how long the group has before SIGKILL. */
export const KILL_GRACE_MS = 2_000;

export type ProcessSpec = {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
  log: (stream: LogStream, text: string) => void;
};

/** Signals a whole process group; a group already gone is fine. */
function killGroup(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(-pid, sig);
  } catch {
    // ESRCH: the group has ended.
  }
}

/**
 * Runs argv in a process group of its own (`detached`), output streamed to `log`. When the
 * signal aborts (timeout, cancel) the whole group gets SIGTERM, then SIGKILL after a grace, so
 * children the command started die with it. Whatever the group left behind when the command
 * itself ended is killed too: a job ends with everything it started.
 */
export async function runProcess(spec: ProcessSpec): Promise<{ exitCode: number | null; signal: string | null }> {
  const proc = Bun.spawn(withWatchdog(spec.argv), { cwd: spec.cwd, env: spec.env, stdin: "ignore", stdout: "pipe", stderr: "pipe", detached: true });
  let hardKill: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => {
    killGroup(proc.pid, "SIGTERM");
    hardKill = setTimeout(() => killGroup(proc.pid, "SIGKILL"), KILL_GRACE_MS);
  };
  if (spec.signal.aborted) onAbort();
  else spec.signal.addEventListener("abort", onAbort, { once: true });
  const pump = async (stream: ReadableStream<Uint8Array>, name: LogStream) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) spec.log(name, decoder.decode(chunk, { stream: true }));
    spec.log(name, decoder.decode());
  };
  const out = pump(proc.stdout, "stdout");
  const err = pump(proc.stderr, "stderr");
  const exitCode = await proc.exited;
  killGroup(proc.pid, "SIGKILL");
  spec.signal.removeEventListener("abort", onAbort);
  clearTimeout(hardKill);
  await Promise.allSettled([out, err]);
  return { exitCode: proc.signalCode ? null : exitCode, signal: proc.signalCode ? String(proc.signalCode) : null };
}

/**
 * The command behind a watchdog in its own process group: when this worker process dies (kill -9,
 * OOM) the watchdog kills the whole group within a second, so a job never outlives its worker and
 * never runs twice when another worker retries it. `exec` keeps the command's pid the group's.
 */
function withWatchdog(argv: string[]): string[] {
  const watch = `(while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -KILL 0) >/dev/null 2>&1 </dev/null &`;
  return ["/bin/sh", "-c", `${watch}\nexec "$@"`, "ops-job", ...argv];
}

/** The environment a job's process sees: a fixed PATH, the allowed server variables, and the run's facts. */
export function jobEnv(allow: string[], facts: { jobId: string; runId: string; bizDate: string; params: Record<string, unknown>; home: string }) {
  const env: Record<string, string> = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: facts.home, LANG: "C.UTF-8" };
  for (const name of allow) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  env.OPS_JOB_ID = facts.jobId;
  env.OPS_RUN_ID = facts.runId;
  env.OPS_BIZ_DATE = facts.bizDate;
  env.OPS_PARAMS = JSON.stringify(facts.params);
  for (const [k, v] of Object.entries(facts.params)) env[`OPS_PARAM_${k.toUpperCase()}`] = v === null || v === undefined ? "" : String(v);
  return env;
}
