/**
 * Browser-test harness: a real OPS server (in-memory SQLite, demo data) with the chat bot core
 * attached, serving the built PWA on a random port, and Debian's chromium driven by
 * playwright-core: one chromium per test file, a fresh browser context (its own cookies, storage,
 * cache and service workers) per `openBrowser`. The API and the bot are imported through
 * their package exports (the bot only through its wire.ts): tests, unlike the PWA itself, need
 * the server's runtime.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { parseEnv } from "@ops/api/env.ts";
import { buildSystem } from "@ops/api/system.ts";
import { attachBot } from "@ops/bot/wire.ts";
import { atFileEnd } from "@ops/api/testing/file-end.ts";

export const DIST = fileURLToPath(new URL("../dist", import.meta.url));
export const HAS_DIST = existsSync(join(DIST, "index.html"));
export const CHROMIUM = process.env.OPS_CHROMIUM ?? "/usr/bin/chromium";
export const ADMIN = { username: "admin", password: "Admin@12345" };
export const DEMO_PASSWORD = "Ops@demo2026";
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
/** Screenshots go outside the repository. */
export const SHOTS = process.env.OPS_SCREENSHOTS ?? join(tmpdir(), "ops-pwa-shots");
mkdirSync(SHOTS, { recursive: true });

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

export type TestServer = { url: string; close(): Promise<void> };
/** `system`: the server's system object, for tests that drive it directly (monitor flushes, recorders). */
export type SystemServer = TestServer & { system: Awaited<ReturnType<typeof buildSystem>> };

/**
 * `clock`: the server's time (default real time); a test moves it to age sessions. `jobWorker`: runs jobs (main.ts's worker role).
 * `env`: more environment (e.g. OPS_SMS_URL or DINGTALK_* pointing at a stand-in).
 */
export async function startServer(opts: { clock?: { now(): Date }; jobWorker?: boolean; env?: Record<string, string> } = {}): Promise<SystemServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "ops-pwa-data-"));
  const env = parseEnv({
    OPS_ADMIN_PASSWORD: ADMIN.password, OPS_DEMO: "1", OPS_SECRET_KEY: "pwa-browser-test-secret-0123456789",
    OPS_PWA_DIST: DIST, OPS_DATA_DIR: dataDir, OPS_LOG_LEVEL: "silent", ...opts.env,
  });
  const system = await buildSystem(env, { databaseUrl: "sqlite://:memory:", metricsDefaults: false, ...(opts.clock ? { clock: opts.clock } : {}) });
  // The real chat core, no chat platforms: the web console answers /api/v1/chat/*.
  const bot = await attachBot(system, { adapters: [] });
  if (opts.jobWorker) await system.jobs.start({ worker: true, scheduler: false });
  // Served as main.ts serves it: bot.fetch passes Bun's server on, so the API sees the client's address.
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", idleTimeout: 120, fetch: bot.fetch });
  return {
    url: `http://127.0.0.1:${server.port}`,
    system,
    async close() {
      await server.stop(true);
      await bot.stop();
      await system.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestBrowser = { context: BrowserContext; page: Page; close(): Promise<void> };

/**
 * The test file's chromium, launched at its first `openBrowser` and closed when the file ends (api/src/testing/file-end.ts):
 * a launch took about a second on the two-core CI box, a context a tenth of that, and a browser test file opens up to nine.
 */
let shared: Promise<Browser> | null = null;

function sharedBrowser(): Promise<Browser> {
  if (shared) return shared;
  const launching = chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  shared = launching;
  launching.then(
    (browser) => browser.on("disconnected", () => {
      // a crashed chromium: the next openBrowser launches another
      if (shared === launching) shared = null;
    }),
    () => {
      if (shared === launching) shared = null;
    },
  );
  atFileEnd(async () => {
    if (shared === launching) shared = null;
    await (await launching.catch(() => null))?.close();
  });
  return launching;
}

/** A fresh browser context (nothing shared with the file's other contexts but the chromium process) and its page. */
export async function openBrowser(viewport = DESKTOP): Promise<TestBrowser> {
  const browser = await sharedBrowser();
  const context = await browser.newContext({ viewport, locale: "zh-CN", serviceWorkers: "allow" });
  const page = await context.newPage();
  return {
    context,
    page,
    close: () => context.close(),
  };
}

/** Signs in through the login form and waits for the app shell. */
/** Picks `option` in the Kobalte select of form field `field` (its trigger carries data-field). */
export async function pick(page: Page, field: string, option: string): Promise<void> {
  await page.locator(`[data-field="${field}"]`).click();
  await page.locator('[role="option"]', { hasText: option }).first().click();
}

export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('[data-testid="login-form"] input[name="username"]').fill(username);
  await page.locator('[data-testid="login-form"] input[name="password"]').fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/v1/auth/login") && r.request().method() === "POST"),
    page.locator('[data-testid="login-submit"]').click(),
  ]);
  await page.waitForSelector('[data-testid="app-shell"]');
}

/** A plain API call with a fresh token (for checks the UI does not show). */
export async function apiAs(base: string, username: string, password: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: { code: number; data: T; message: string } }> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { code: number; data: T; message: string } };
  };
}

export const skipMessage = "pwa/dist/index.html is missing: build the PWA first (npm test does; or `bun --bun x vite build --config pwa/vite.config.ts`)";
