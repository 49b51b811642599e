import { afterAll, describe, expect, it } from "vitest";
import { Database } from "bun:sqlite";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readListening } from "./testkit/read-until.ts";

/**
 * The server's first start and the operator command, as an operator meets them: real processes
 * on a real data dir. Covers: no admin when the port is taken, private file modes, and
 * `npm run ops -- admin reset-password`.
 */
const root = resolve(import.meta.dirname, "..");
const dirs: string[] = [];
const children: Array<{ kill(): void; exited: Promise<number> }> = [];

afterAll(async () => {
  for (const c of children) c.kill();
  await Promise.all(children.map((c) => c.exited));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ops-cli-"));
  dirs.push(dir);
  return dir;
}

function env(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", HOST: "127.0.0.1", OPS_DATA_DIR: dir, OPS_LOG_LEVEL: "info", OPS_PWA_DIST: join(dir, "no-pwa"), ...extra };
}

/** Starts `bun api/src/main.ts`, resolves with its output once it listens. */
async function startServer(dir: string) {
  const child = Bun.spawn([process.execPath, "api/src/main.ts"], { cwd: root, env: env(dir, { PORT: "0" }), stdout: "pipe", stderr: "pipe" });
  children.push(child);
  return readListening(child);
}

async function runOps(dir: string, args: string[], stdin?: string) {
  const child = Bun.spawn([process.execPath, "scripts/ops.ts", ...args], {
    cwd: root, env: env(dir), stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin), stdout: "pipe", stderr: "pipe",
  });
  const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, out, err };
}

async function api(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("first start and operator commands", () => {
  it("does not create the admin when the port is taken, and exits non-zero", async () => {
    const taken = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("busy") });
    const dir = dataDir();
    try {
      const child = Bun.spawn([process.execPath, "api/src/main.ts"], { cwd: root, env: env(dir, { PORT: String(taken.port) }), stdout: "pipe", stderr: "pipe" });
      children.push(child);
      const [code, out] = await Promise.all([child.exited, new Response(child.stdout).text()]);
      expect(code).not.toBe(0);
      expect(out).not.toContain("password:");
      const db = new Database(join(dir, "ops.db"), { readonly: true });
      expect(db.query("SELECT COUNT(*) AS n FROM users WHERE username = 'admin'").get()).toEqual({ n: 0 });
      db.close();
    } finally {
      await taken.stop(true);
    }
  }, 60_000);

  it("keeps the data dir private, resets a password from the shell, and the new one signs in", async () => {
    const dir = dataDir();
    // An older install: world-readable dir, key and archive.
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "secret.key"), "an-older-secret-key-0123456789", { mode: 0o644 });
    mkdirSync(join(dir, "archives"), { mode: 0o755 });
    writeFileSync(join(dir, "archives", "old.csv"), "x", { mode: 0o644 });
    const server = await startServer(dir);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, "archives"))).toBe(0o700);
    for (const f of ["ops.db", "ops.db-wal", "ops.db-shm", "secret.key", "archives/old.csv"]) expect([f, modeOf(join(dir, f))]).toEqual([f, 0o600]);

    const first = server.output.match(/username: admin\s+password: (\S+)/)![1]!;
    const old = await api(server.url, "POST", "/auth/login", { username: "admin", password: first });
    expect(old.status, JSON.stringify(old.body)).toBe(200);
    await api(server.url, "POST", "/auth/login", { username: "admin", password: "wrong-password" });

    const generated = await runOps(dir, ["admin", "reset-password", "admin"]);
    expect(generated.code, generated.err).toBe(0);
    const password = generated.out.match(/new password: (\S+)/)![1]!;
    // The old session ended at once; the new password works and must be changed.
    expect((await api(server.url, "GET", "/auth/me", undefined, old.body.data.access_token)).status).toBe(401);
    expect((await api(server.url, "POST", "/auth/login", { username: "admin", password: first })).status).toBe(401);
    const fresh = await api(server.url, "POST", "/auth/login", { username: "admin", password });
    expect(fresh.body.data.password_change_required).toBe(true);

    const chosen = await runOps(dir, ["admin", "reset-password", "admin", "--password-stdin", "--no-force-change"], "Chosen#Pass2026\n");
    expect(chosen.code, chosen.err).toBe(0);
    expect(chosen.out).not.toContain("Chosen#Pass2026");
    const signed = await api(server.url, "POST", "/auth/login", { username: "admin", password: "Chosen#Pass2026" });
    expect(signed.body.data.password_change_required).toBe(false);
    const audit = await api(server.url, "GET", "/audit/logs?actor=system:cli", undefined, signed.body.data.access_token);
    expect(audit.body.data.items.map((r: { action: string; via: string }) => [r.action, r.via])).toEqual([
      ["user.reset-password", "cli"], ["user.reset-password", "cli"],
    ]);

    const unknown = await runOps(dir, ["admin", "reset-password", "nobody"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("用户不存在");
    const weak = await runOps(dir, ["admin", "reset-password", "admin", "--password", "short"]);
    expect(weak.code).toBe(1);
    expect((await runOps(dir, ["admin", "frobnicate"])).code).toBe(2);
  }, 90_000);
});
