import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readListening } from "./testkit/read-until.ts";

const root = resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(join(tmpdir(), "ops-start-"));
const children: Array<{ kill(): void; exited: Promise<number> }> = [];

/**
 * Runs `bun scripts/start.ts` (what `npm start` runs) on a port the kernel picks and resolves once it listens (a
 * random fixed port once collided with another process's in CI).
 */
async function start(env: Record<string, string> = {}): Promise<{ output: string; url: string; stop(): Promise<void> }> {
  const child = Bun.spawn([process.execPath, "scripts/start.ts"], {
    cwd: root,
    env: {
      ...process.env, PORT: "0", HOST: "127.0.0.1", OPS_DATA_DIR: dataDir, OPS_LOG_LEVEL: "info", OPS_ADMIN_PASSWORD: "", OPS_DEMO: "", ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  children.push(child);
  const { output, url } = await readListening(child);
  return {
    output,
    url,
    async stop() {
      child.kill();
      await child.exited;
    },
  };
}

afterAll(() => {
  for (const c of children) c.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("serves the PWA and the API on embedded defaults, and prints the generated admin password once", async () => {
    const first = await start();
    const base = first.url;
    const password = first.output.match(/username: admin\s+password: (\S+)/)?.[1];
    expect(password).toBeTruthy();
    // A link the terminal makes clickable, on the host it listens on.
    expect(first.output).toMatch(/is running: http:\/\/127\.0\.0\.1:\d+/);

    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="root">');
    const deepLink = await fetch(`${base}/iam/users`);
    expect(await deepLink.text()).toContain('<div id="root">');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password }),
    });
    const body = (await login.json()) as { data: { password_change_required: boolean } };
    expect(body.data.password_change_required).toBe(true);
    await first.stop();

    const second = await start();
    expect(second.output).not.toContain("password:");
    await second.stop();
  }, 60_000);

  it("with OPS_DEMO=1 prints the demo accounts, and a second start adds no demo rows", async () => {
    const demoDir = mkdtempSync(join(tmpdir(), "ops-start-demo-"));
    const env = { OPS_DEMO: "1", OPS_DATA_DIR: demoDir, OPS_ADMIN_PASSWORD: "Admin@12345" };
    let base = "";
    const counts = async () => {
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: "Admin@12345" }),
      });
      const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
      const get = async (path: string) => ((await (await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any).data;
      return { users: (await get("/users?page_size=1")).total, logins: (await get("/audit/login-logs?page_size=1")).total, inbox: (await get("/notifications?page_size=1")).total };
    };
    try {
      const first = await start(env);
      base = first.url;
      expect(first.output).toMatch(/Demo accounts \(password Ops@demo2026 for all\):\n\s+username\s+name\s+role/);
      expect(first.output).toMatch(/ {4}zhangwei\s+张伟\s+运营主管/);
      const before = await counts();
      expect(before.users).toBeGreaterThanOrEqual(15);
      expect(before.inbox).toBeGreaterThan(0);
      await first.stop();
      const second = await start(env);
      base = second.url;
      expect(second.output).toContain("Demo accounts");
      // the second start's own admin sign-in is the only new login row
      const after = await counts();
      expect(after).toEqual({ ...before, logins: before.logins + 1 });
      await second.stop();
    } finally {
      rmSync(demoDir, { recursive: true, force: true });
    }
  }, 90_000);
});
