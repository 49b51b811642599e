import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readUntil } from "./testkit/read-until.ts";

const root = resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(join(tmpdir(), "ops-start-"));
const children: Array<{ kill(): void; exited: Promise<number> }> = [];

/** Runs `bun scripts/start.ts` (what `npm start` runs) and resolves once it listens. */
async function start(port: number, env: Record<string, string> = {}): Promise<{ output: string; stop(): Promise<void> }> {
  const child = Bun.spawn([process.execPath, "scripts/start.ts"], {
    cwd: root,
    env: {
      ...process.env, PORT: String(port), HOST: "127.0.0.1", OPS_DATA_DIR: dataDir, OPS_LOG_LEVEL: "info", OPS_ADMIN_PASSWORD: "", OPS_DEMO: "", ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  children.push(child);
  const output = await readUntil(child, "OPS listening");
  return {
    output,
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
    const port = 20000 + Math.floor(Math.random() * 20000);
    const first = await start(port);
    const password = first.output.match(/username: admin\s+password: (\S+)/)?.[1];
    expect(password).toBeTruthy();
    // A link the terminal makes clickable, on the host it listens on.
    expect(first.output).toContain(`is running: http://127.0.0.1:${port}`);

    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="root">');
    const deepLink = await fetch(`http://127.0.0.1:${port}/iam/users`);
    expect(await deepLink.text()).toContain('<div id="root">');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password }),
    });
    const body = (await login.json()) as { data: { password_change_required: boolean } };
    expect(body.data.password_change_required).toBe(true);
    await first.stop();

    const second = await start(port);
    expect(second.output).not.toContain("password:");
    await second.stop();
  }, 60_000);

  it("with OPS_DEMO=1 prints the demo accounts, and a second start adds no demo rows", async () => {
    const demoDir = mkdtempSync(join(tmpdir(), "ops-start-demo-"));
    const env = { OPS_DEMO: "1", OPS_DATA_DIR: demoDir, OPS_ADMIN_PASSWORD: "Admin@12345" };
    const port = 20000 + Math.floor(Math.random() * 20000);
    const counts = async () => {
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: "Admin@12345" }),
      });
      const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
      const get = async (path: string) => ((await (await fetch(`http://127.0.0.1:${port}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any).data;
      return { users: (await get("/users?page_size=1")).total, logins: (await get("/audit/login-logs?page_size=1")).total, inbox: (await get("/notifications?page_size=1")).total };
    };
    try {
      const first = await start(port, env);
      expect(first.output).toMatch(/Demo accounts \(password Ops@demo2026 for all\):\n\s+username\s+name\s+role/);
      expect(first.output).toMatch(/ {4}zhangwei\s+张伟\s+运营主管/);
      const before = await counts();
      expect(before.users).toBeGreaterThanOrEqual(15);
      expect(before.inbox).toBeGreaterThan(0);
      await first.stop();
      const second = await start(port, env);
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
