/**
 * Job shards in the PWA: the job form takes 分片数 (1..64; 65 is refused at its field and nothing
 * is created), the job page shows it, and a run of a 3-shard job lists its 3 runs on the job page
 * with their shard (0 / 3, 1 / 3, 2 / 3), each having resolved its own {shardIndex}.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DESKTOP, HAS_DIST, openBrowser, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const field = (page: Page, name: string) => page.locator(`[data-testid="job-form"] [name="${name}"]`);

describe.skipIf(!HAS_DIST)("PWA: job shards", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ jobWorker: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the form saves 分片数, the job page shows it, and a run lists one run per shard with its shard", async () => {
    const api = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/jobs/new`);
      await page.locator('[data-testid="job-form"]').waitFor();
      await field(page, "name").fill("sharded-echo");
      await field(page, "command").fill("echo part {shardIndex} of {shardTotal}");
      await field(page, "shards").fill("65");
      await page.locator('[data-testid="job-save"]').click();
      await page.locator('[data-testid="job-form"] .field__error').first().waitFor();
      expect((await api("GET", "/jobs/sharded-echo")).status).toBe(404);
      await field(page, "shards").fill("3");
      await page.locator('[data-testid="job-save"]').click();
      await page.locator('[data-testid="job-detail"]').waitFor();
      expect(await page.locator('[data-testid="job-shards"]').innerText()).toBe("3");
      expect((await api<{ shards: number }>("GET", "/jobs/sharded-echo")).body.data.shards).toBe(3);

      const run = await api<{ id: string; shard_runs: string[] }>("POST", "/jobs/sharded-echo/runs", { params: {} });
      expect(run.body.data.shard_runs).toHaveLength(3);
      await page.reload();
      const shards = page.locator('[data-testid="runs-table"] [data-testid="run-shard"]');
      await expect.poll(async () => (await shards.allInnerTexts()).sort(), { timeout: 20_000 }).toEqual(["0 / 3", "1 / 3", "2 / 3"]);
      // shard 2's run page shows its own part
      await page.goto(`${server.url}/jobs/runs/${run.body.data.shard_runs[2]}`);
      await page.locator('[data-testid="run-log"]', { hasText: "part 2 of 3" }).waitFor({ timeout: 20_000 });
    } finally {
      await b.close();
    }
  });
});
