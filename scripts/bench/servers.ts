/**
 * Servers the benches run as child processes (loopback only): a free port, a clean env, a wait
 * for `GET /readyz`, and clean-up of every child and temp dir even when a run is interrupted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";

export const ROOT = resolve(import.meta.dirname, "../..");
export const BUN = process.execPath;
export const BENCH_ADMIN_PASSWORD = "Bench@12345";
const READY_TIMEOUT_MS = 60_000;

export type Server = { name: string; url: string; pid: number; stop(): Promise<void> };

// Everything this process started, so an interrupted run leaves no server or temp dir behind.
const children = new Set<Subprocess>();
const tempDirs = new Set<string>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
// not in a test runner's worker thread (scripts/bench/servers.test.ts): Ctrl-C there is the runner's to handle
if (Bun.isMainThread) for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

/** A port nobody listens on right now (the OS picks it; the child binds it a moment later). */
async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response(null, { status: 204 }) });
  const port = probe.port!;
  await probe.stop(true);
  return port;
}

/** Only what a Bun process needs from our env: the developer's OPS_* / SLACK_* must not leak in. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "LANG", "TZ"]) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...extra };
}

/**
 * Spawns `cmd` (given the port), waits (up to `readyTimeoutMs`) for `GET /readyz` 200; stop() asks politely, then kills.
 * With `announced` the child gets PORT=0 and the port is read from its stdout (the regexp's first group): the kernel
 * picks it as the server binds, so no other process can take it between a probe and the bind ("Is port N in use?"
 * once failed a cluster test start). Its stdout is drained to the end (a full pipe would block the server's writes).
 */
export async function spawnServer(
  name: string, cmd: (port: number) => string[], env: Record<string, string>, readyTimeoutMs = READY_TIMEOUT_MS, announced?: RegExp,
): Promise<Server> {
  const given = announced ? 0 : await freePort();
  const child = Bun.spawn(cmd(given), { cwd: ROOT, env: childEnv({ ...env, PORT: String(given) }), stdout: announced ? "pipe" : "ignore", stderr: "inherit" });
  children.add(child);
  let port: number | null = announced ? null : given;
  if (announced) {
    void (async () => {
      const reader = (child.stdout as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (port !== null) continue;
        text = (text + decoder.decode(value, { stream: true })).slice(-10_000);
        const m = announced.exec(text);
        if (m) port = Number(m[1]);
      }
    })().catch(() => {});
  }
  const stop = async () => {
    child.kill("SIGTERM");
    await Promise.race([child.exited, Bun.sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await child.exited;
    children.delete(child);
  };
  // Startup is the one place a retry loop is right: nothing tells us when the port opens.
  const deadline = Date.now() + readyTimeoutMs;
  let last = "no answer";
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      children.delete(child);
      throw new Error(`${name}: exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    if (port === null) last = "its port not announced yet";
    else {
      const url = `http://127.0.0.1:${port}`;
      try {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        last = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
        if (res.status === 200) return { name, url, pid: child.pid, stop };
      } catch (e) {
        last = (e as Error).message;
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name}: not ready after ${readyTimeoutMs} ms (last: ${last})`);
    }
    await Promise.race([Bun.sleep(delay), child.exited]);
  }
}

/** The bare Hono baseline (scripts/bench/ack-server.ts). */
export function startBare(name = "bare hono route"): Promise<Server> {
  return spawnServer(name, (port) => [BUN, "scripts/bench/ack-server.ts", String(port)], {});
}

/**
 * `bun api/src/main.ts` on a temp data dir (removed on stop), admin password BENCH_ADMIN_PASSWORD, no PWA.
 * `bunArgs` go before the script (e.g. `--cpu-prof --cpu-prof-dir=…` to profile the server).
 */
export async function startOps(name: string, env: Record<string, string>, bunArgs: string[] = [], readyTimeoutMs = READY_TIMEOUT_MS): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), "ops-bench-"));
  tempDirs.add(dataDir);
  const server = await spawnServer(name, () => [BUN, ...bunArgs, "api/src/main.ts"], {
    HOST: "127.0.0.1",
    OPS_DATA_DIR: dataDir,
    OPS_SECRET_KEY: "bench-secret-key-0123456789",
    OPS_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    OPS_LOG_LEVEL: "error",
    OPS_PWA_DIST: join(dataDir, "no-pwa"),
    ...env,
    // the start banner: "OPS 智能运营系统 is running: http://127.0.0.1:<port>"
  }, readyTimeoutMs, /is running: http:\/\/[^\s]+:(\d+)/);
  return {
    ...server,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      tempDirs.delete(dataDir);
    },
  };
}
