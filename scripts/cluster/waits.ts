/**
 * Every wait of the cluster test ends: `within()` gives a wait a deadline and, when it passes, fails with what was
 * awaited (which process, which check) and the last state seen, instead of stalling CI until its hard limit. The
 * waits still open are kept in a list, so a run that must end early (the script's own watchdog, SIGINT from the
 * vitest wrapper's timeout) can print what it was waiting for as it exits.
 */
import { writeSync } from "node:fs";

export class WaitTimeout extends Error {
  override name = "WaitTimeout";
}

type Pending = { what: string; since: number; state?: () => string };

const pending = new Set<Pending>();

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What each open wait is waiting for, oldest first (empty when nothing is awaited). */
export function openWaits(now = Date.now()): string[] {
  return [...pending].map((p) => `${p.what} (for ${secs(now - p.since)}${p.state ? `; last state: ${safeState(p.state)}` : ""})`);
}

function safeState(state: () => string): string {
  try {
    return state();
  } catch (e) {
    return `(state unreadable: ${(e as Error).message})`;
  }
}

/**
 * `work` if it settles within `ms`; else a WaitTimeout naming `what`, how long, and `state()` (synchronous: it reads
 * what the waiting code last saw, it must not wait itself). The work is left running; its later rejection is dropped.
 */
export async function within<T>(what: string, ms: number, work: Promise<T> | (() => Promise<T>), state?: () => string): Promise<T> {
  const entry: Pending = { what, since: Date.now(), ...(state ? { state } : {}) };
  pending.add(entry);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const p = typeof work === "function" ? work() : work;
  p.catch(() => {});
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new WaitTimeout(`no end after ${secs(ms)} waiting for ${what}${state ? `; last state: ${safeState(state)}` : ""}`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    pending.delete(entry);
  }
}

/**
 * The run's last resort: after `ms` it prints `label`, the open waits and exits 1 (the exit hooks then remove the
 * processes, databases and Redis keys). Also prints the open waits on any other early exit (SIGINT).
 */
export function watchdog(
  ms: number,
  label: () => string,
  { exit = (code: number) => process.exit(code), write = (text: string) => void writeSync(2, text) }: { exit?: (code: number) => void; write?: (text: string) => void } = {},
): { stop(): void } {
  let reported = false;
  const timer = setTimeout(() => {
    reported = true;
    const lines = [`\nWATCHDOG: the cluster test is still running after ${secs(ms)} (${label()}); exiting. Open waits:`, ...openWaits().map((w) => `  - ${w}`)];
    // synchronous (writeSync): the exit below must not cut the message short
    write(`${lines.join("\n")}\n`);
    exit(1);
  }, ms);
  const onExit = (code: number) => {
    const open = openWaits();
    if (!reported && code !== 0 && open.length) write(`\ncluster test exiting (${code}) while waiting for:\n${open.map((w) => `  - ${w}`).join("\n")}\n`);
  };
  // before the hooks that kill the processes and drop the databases (they may take a while)
  process.prependListener("exit", onExit);
  return {
    stop() {
      clearTimeout(timer);
      process.off("exit", onExit);
    },
  };
}
