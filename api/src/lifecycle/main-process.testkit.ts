/**
 * `bun api/src/main.ts` as a child process of a test (as `npm start` runs it), on a free loopback port with a clean
 * env, its data dir in a temp dir; removed (SIGKILL) by `kill()` when a test ends early.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Subprocess } from "bun";

export const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
export const TEST_ADMIN_PASSWORD = "Admin@12345";
const READY_TIMEOUT_MS = 60_000;

export type MainProcess = {
  url: string;
  child: Subprocess<"ignore", "ignore", "pipe">;
  /** stderr so far (warnings and errors are logged there) */
  stderr(): string;
  kill(): Promise<void>;
};

async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response(null, { status: 204 }) });
  const port = probe.port!;
  await probe.stop(true);
  return port;
}

/** Only what a Bun process needs from our env (the developer's OPS_* must not leak in). */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "LANG", "TZ"]) if (process.env[key] !== undefined) env[key] = process.env[key]!;
  return { ...env, ...extra };
}

/** Starts main.ts with `env` (roles, database…); resolves once it listens (does not wait for readiness). */
export async function startMain(env: Record<string, string>): Promise<MainProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "ops-main-"));
  const child = Bun.spawn([process.execPath, MAIN], {
    env: childEnv({
      PORT: String(port), HOST: "127.0.0.1", OPS_DATA_DIR: dataDir, OPS_SECRET_KEY: "test-secret-key-0123456789", OPS_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      OPS_PWA_DIST: join(dataDir, "no-pwa"), OPS_LOG_LEVEL: "warn", OPS_DIRECTORY_SYNC_HOURS: "0", OPS_DB_POOL_MAX: "3", ...env,
    }),
    stdin: "ignore", stdout: "ignore", stderr: "pipe",
  });
  let err = "";
  void (async () => {
    for await (const chunk of child.stderr) err += new TextDecoder().decode(chunk);
  })();
  const kill = async () => {
    child.kill("SIGKILL");
    await child.exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  // Startup is the one place a retry loop is right: nothing tells us when the port opens.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (let delay = 20; ; delay = Math.min(delay * 2, 200)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await child.exited;
      throw new Error(`main.ts exited (${child.exitCode ?? child.signalCode}) before it listened: ${err}`);
    }
    try {
      await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      return { url, child, stderr: () => err, kill };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`main.ts did not listen within ${READY_TIMEOUT_MS} ms: ${err}`);
    }
    await Promise.race([Bun.sleep(delay), child.exited]);
  }
}

/** Asks `url`'s /readyz until `ok` holds (readiness changes have no event a test can await), up to `ms`. */
export async function readyzUntil(url: string, ok: (status: number, body: any) => boolean, ms = 30_000): Promise<{ status: number; body: any }> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await fetch(`${url}/readyz`);
    const answer = { status: res.status, body: await res.json() };
    if (ok(answer.status, answer.body)) return answer;
    if (Date.now() > deadline) throw new Error(`/readyz still ${answer.status} ${JSON.stringify(answer.body)} after ${ms} ms`);
    await Bun.sleep(50);
  }
}
